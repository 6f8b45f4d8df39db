import type {
  AgreementKey,
  DeliveredContentKey,
  DeliveredContentKeys,
  DeviceInfo,
  DeviceList,
  DeviceRegistration,
  Pairing,
  PushSetting,
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

/** Where the page keeps its short-lived device token; the refresh credential never reaches script. */
export interface DeviceTokens {
  readonly token: string | null;
  save(registration: DeviceRegistration): void;
}

/** The part of the Web Locks API the renewal needs: one holder per name across the browser's tabs. */
export interface Locks {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/** The device side of the relay's HTTP API, against the relay that served this page. */
export class RelayApi {
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly tokens: DeviceTokens,
    private readonly fetcher: Fetch = (url, init) => fetch(url, init),
    private readonly locks: Locks | undefined = globalThis.navigator?.locks,
  ) {}

  /**
   * The refresh credential comes back as an HttpOnly cookie that only the refresh endpoint receives. A
   * device paired already shows its token (renewed first if it lapsed), so the relay pairs it again as
   * itself rather than listing a second device; one the relay no longer knows pairs as a new device.
   */
  async redeem(pairingCode: string, deviceName: string): Promise<DeviceRegistration> {
    const body = { pairingCode, deviceName, refreshCookie: true };
    if (this.tokens.token) {
      try {
        return await this.call<DeviceRegistration>("POST", "/v1/pairings/redeem", body);
      } catch (error) {
        if (!(error instanceof ApiError && error.unauthorized)) throw error;
      }
    }
    return this.send("POST", "/v1/pairings/redeem", body, false);
  }

  /**
   * Buys a new device token with the refresh cookie. The relay revokes a device whose refresh
   * credential is spent twice, so two renewals must never race: one at a time in this tab, and one at a
   * time across tabs, where a tab that waited finds the token another tab already renewed.
   */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    const expired = this.tokens.token;
    const renew = async () => {
      if (this.tokens.token !== expired) return;
      this.tokens.save(await this.send<DeviceRegistration>("POST", "/v1/devices/refresh", {}, false));
    };
    await (this.locks ? this.locks.request("baton.device.refresh", renew) : renew());
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

  /** This device's agreement key, so a backend that rotates its content key can deliver the new one to it. */
  async registerAgreementKey(registration: AgreementKey): Promise<void> {
    await this.call("PUT", "/v1/devices/current/agreement-key", registration);
  }

  /** The content keys backends delivered to this device when they rotated theirs. */
  async contentKeys(): Promise<DeliveredContentKey[]> {
    return (await this.call<DeliveredContentKeys>("GET", "/v1/devices/current/content-keys")).keys;
  }

  /** Extension: the relay's VAPID public key, base64url, for `pushManager.subscribe`. */
  async vapidKey(): Promise<string> {
    return (await this.call<VapidKey>("GET", "/v1/push/vapid-key")).publicKey;
  }

  /** Extension: this device's push subscription and what it wants to hear about. */
  async savePush(subscription: PushSubscriptionBody): Promise<void> {
    await this.call("POST", "/v1/devices/current/push", subscription);
  }

  /** Extension: what this device's push subscription asks for, or null when the relay holds none. */
  async pushSetting(): Promise<PushSetting | null> {
    try {
      return await this.call<PushSetting>("GET", "/v1/devices/current/push");
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  async deletePush(): Promise<void> {
    await this.call("DELETE", "/v1/devices/current/push");
  }

  /** An authenticated call; an expired device token is renewed once and the call made again. */
  private async call<T>(method: string, path: string, body?: object): Promise<T> {
    try {
      return await this.send<T>(method, path, body, true);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "token_expired") throw error;
      await this.renew();
      return this.send<T>(method, path, body, true);
    }
  }

  private async send<T>(method: string, path: string, body: object | undefined, authenticated: boolean): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    if (authenticated) {
      const token = this.tokens.token;
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
