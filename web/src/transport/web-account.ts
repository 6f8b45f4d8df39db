import type { AccountInfo, PendingDevice } from "../core/protocol.ts";
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

  /** Who is signed in, or null when nobody is. */
  async me(): Promise<AccountInfo | null> {
    try {
      return await this.call<AccountInfo>("GET", "/v1/web/me");
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
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
