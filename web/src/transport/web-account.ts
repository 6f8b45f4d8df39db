import type { AccountInfo, OrganizationPolicy, PendingDevice, SignInMethods } from "../core/protocol.ts";
import { ApiError, type Fetch } from "./relay-api.ts";

/**
 * The relay's sign-in and device approval endpoints (protocol extensions). The session is an HttpOnly
 * cookie scoped to /v1/web: this code never sees it; the browser sends it with these calls only.
 */
export class WebAccountApi {
  constructor(private readonly fetcher: Fetch = (url, init) => fetch(url, init)) {}

  signIn(user: string, password: string): Promise<AccountInfo> {
    return this.call("POST", "/v1/web/login", { user, password });
  }

  /** What the sign-in page offers besides the password form: the operator's identity provider, if any. */
  methods(): Promise<SignInMethods> {
    return this.call("GET", "/v1/web/sign-in-methods");
  }

  /** Where a browser goes to sign in with the identity provider and then come back to `next`. */
  static providerStart(next: string | null): string {
    return `/v1/web/oidc/start?next=${encodeURIComponent(safeNext(next))}`;
  }

  /** Who is signed in, or null when nobody is. */
  async me(): Promise<AccountInfo | null> {
    try {
      return await this.call<AccountInfo>("GET", "/v1/web/me");
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  }

  /** The signed-in user's organization and its Remote Control policy (a personal account has none). */
  organization(): Promise<OrganizationPolicy> {
    return this.call("GET", "/v1/web/organization");
  }

  /** An owner or admin turns Remote Control on or off for the organization's members. */
  setRemoteControl(remoteControl: boolean): Promise<OrganizationPolicy> {
    return this.call("POST", "/v1/web/organization", { remoteControl });
  }

  signOut(): Promise<void> {
    return this.call("POST", "/v1/web/logout", {});
  }

  pendingDevice(userCode: string): Promise<PendingDevice> {
    return this.call("GET", `/v1/web/device?userCode=${encodeURIComponent(userCode)}`);
  }

  decide(userCode: string, decision: "approve" | "deny"): Promise<void> {
    return this.call("POST", "/v1/web/device", { userCode, decision });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    }
    const response = await this.fetcher(path, init);
    const text = await response.text();
    if (!response.ok) {
      let code = "internal";
      let message = `the relay answered HTTP ${response.status}`;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {
        // not an error body; keep the status
      }
      throw new ApiError(response.status, code, message);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Where to go after signing in: only a path on this relay, never another site. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

/** What the sign-in page says for the code an identity provider sign-in came back with. */
export function providerError(code: string | null): string | null {
  switch (code) {
    case null:
      return null;
    case "unknown_user":
      return "The identity provider signed you in, but this relay has no user by that name. Ask the relay's operator to add you (baton relay user add).";
    case "provider_refused":
      return "The identity provider did not sign you in. Try again, or sign in with a password.";
    case "provider_unavailable":
      return "The identity provider cannot be reached right now. Try again in a moment, or sign in with a password.";
    default:
      return "The sign-in could not be verified, so nobody was signed in. Start it again from this page.";
  }
}
