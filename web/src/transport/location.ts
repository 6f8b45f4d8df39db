/**
 * Where the page was opened: which session (from /s/{id}), which pairing code (from #pair=) and which
 * content keys (from &key=, one per machine the pairing device holds keys for). The fragment never
 * reaches the relay.
 */
export interface PageAddress {
  sessionId: string | null;
  pairingCode: string | null;
  keys: string[];
}

export function parseAddress(pathname: string, hash: string): PageAddress {
  const session = /^\/s\/([^/]+)\/?$/.exec(pathname);
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  return {
    sessionId: session?.[1] ? decodeURIComponent(session[1]) : null,
    pairingCode: fragment.get("pair") || null,
    keys: fragment.getAll("key").filter((key) => key !== ""),
  };
}

/** A readable name for this device in the device list, from what the browser says about itself. */
export function deviceName(userAgent: string): string {
  const system = /iPhone/.test(userAgent)
    ? "iPhone"
    : /iPad/.test(userAgent)
      ? "iPad"
      : /Android/.test(userAgent)
        ? "Android"
        : /Mac OS X/.test(userAgent)
          ? "Mac"
          : /Windows/.test(userAgent)
            ? "Windows"
            : /Linux/.test(userAgent)
              ? "Linux"
              : "Browser";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : null;
  return browser ? `${browser} on ${system}` : system;
}
