import type { DeviceRegistration } from "../core/protocol.ts";

const KEY = "baton.device";

/**
 * The device token, kept in localStorage so the device stays paired across visits. It lasts an hour;
 * what renews it is the refresh credential, which lives in an HttpOnly cookie and never here.
 */
export class DeviceCredentials {
  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem">) {}

  get current(): DeviceRegistration | null {
    const raw = this.storage.getItem(KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as DeviceRegistration;
      return parsed.deviceToken ? parsed : null;
    } catch {
      return null;
    }
  }

  get token(): string | null {
    return this.current?.deviceToken ?? null;
  }

  save(registration: DeviceRegistration): void {
    const { deviceId, deviceToken, expiresAt } = registration;
    this.storage.setItem(KEY, JSON.stringify({ deviceId, deviceToken, expiresAt }));
  }

  forget(): void {
    this.storage.removeItem(KEY);
  }
}
