import type {
  DeviceInfo,
  DeviceList,
  DeviceRegistration,
  Pairing,
  PushSubscription as PushSubscriptionBody,
  SessionList,
  SessionSummary,
  SpawnResult,
  Ticket,
  VapidKey,
} from "../core/protocol.ts";

/** A relay answer that was not 2xx, with the protocol's stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** The device token is no good (revoked, expired, unknown): the device must pair again. */
  get unauthorized(): boolean {
    return this.status === 401 && this.code !== "ticket_used";
  }
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** The device side of the relay's HTTP API (PROTOCOL §3), against the relay that served this page. */
export class RelayApi {
  constructor(
    private readonly token: () => string | null,
    private readonly fetcher: Fetch = (url, init) => fetch(url, init),
  ) {}

  redeem(pairingCode: string, deviceName: string): Promise<DeviceRegistration> {
    return this.call("POST", "/v1/pairings/redeem", { pairingCode, deviceName }, false);
  }

  async sessions(): Promise<SessionSummary[]> {
    return (await this.call<SessionList>("GET", "/v1/sessions")).sessions;
  }

  async ticket(sessionId: string): Promise<string> {
    return (await this.call<Ticket>("POST", `/v1/sessions/${encodeURIComponent(sessionId)}/tickets`, {}))
      .ticket;
  }

  createPairing(sessionId?: string): Promise<Pairing> {
    return this.call("POST", "/v1/pairings", sessionId ? { sessionId } : {});
  }

  /** Asks a server-mode environment for a new session; refusals (`capacity_reached`, …) are ApiErrors. */
  async spawn(environmentId: string, title?: string): Promise<string> {
    const body = title ? { title } : {};
    return (await this.call<SpawnResult>("POST", `/v1/environments/${encodeURIComponent(environmentId)}/spawn`, body)).sessionId;
  }

  async devices(): Promise<DeviceInfo[]> {
    return (await this.call<DeviceList>("GET", "/v1/devices")).devices;
  }

  async revoke(deviceId: string): Promise<void> {
    await this.call("DELETE", `/v1/devices/${encodeURIComponent(deviceId)}`);
  }

  /** Extension: the relay's VAPID public key, base64url, for `pushManager.subscribe`. */
  async vapidKey(): Promise<string> {
    return (await this.call<VapidKey>("GET", "/v1/push/vapid-key")).publicKey;
  }

  /** Extension: this device's push subscription and what it wants to hear about. */
  async savePush(subscription: PushSubscriptionBody): Promise<void> {
    await this.call("POST", "/v1/devices/current/push", subscription);
  }

  async deletePush(): Promise<void> {
    await this.call("DELETE", "/v1/devices/current/push");
  }

  private async call<T>(method: string, path: string, body?: object, authenticated = true): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    if (authenticated) {
      const token = this.token();
      if (!token) throw new ApiError(401, "unauthorized", "this device is not paired");
      headers.Authorization = `Bearer ${token}`;
    }
    let response: Response;
    try {
      response = await this.fetcher(path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(0, "unreachable", "the relay cannot be reached");
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiError(response.status, "bad_response", `the relay answered ${response.status} without JSON`);
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new ApiError(response.status, error?.code ?? "unknown", error?.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }
}
