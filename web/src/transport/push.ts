import type { RelayApi } from "./relay-api.ts";

/** Which pushes this device wants from the relay (extension): prompts only, prompts and turns, or none. */
export type NotifyOn = "prompts" | "turns" | "off";

/** The "Notifications" switch: browser permission, a push subscription through the service worker, and the relay's copy of it. */
export interface NotificationSettings {
  /** Whether this browser can do Web Push at all (service worker, PushManager, Notification). */
  readonly supported: boolean;
  /** What this device hears about: off unless permission is granted, the browser is subscribed and the relay holds it. */
  current(): Promise<NotifyOn>;
  /**
   * Asks permission (from a click), subscribes with the relay's VAPID key and gives the relay the
   * subscription with what to push; saving again changes only that.
   */
  enable(notify: Exclude<NotifyOn, "off">): Promise<void>;
  disable(): Promise<void>;
}

/** base64url to bytes, for `applicationServerKey`. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  const bytes = new Uint8Array(new ArrayBuffer(atob(base64).length));
  for (const [i, c] of [...atob(base64)].entries()) bytes[i] = c.charCodeAt(0);
  return bytes;
}

export class BrowserNotifications implements NotificationSettings {
  readonly supported =
    typeof navigator !== "undefined" && "serviceWorker" in navigator && typeof PushManager !== "undefined" && typeof Notification !== "undefined";

  constructor(private readonly api: RelayApi) {}

  async current(): Promise<NotifyOn> {
    if (!this.supported || Notification.permission !== "granted") return "off";
    const registration = await navigator.serviceWorker.ready;
    if ((await registration.pushManager.getSubscription()) === null) return "off";
    return (await this.api.pushSetting())?.notify ?? "off";
  }

  async enable(notify: Exclude<NotifyOn, "off">): Promise<void> {
    if (!this.supported) throw new Error("This browser cannot show notifications from Baton.");
    if ((await Notification.requestPermission()) !== "granted") {
      throw new Error("Notifications are blocked for this site; allow them in the browser's site settings.");
    }
    const key = fromBase64Url(await this.api.vapidKey());
    const registration = await navigator.serviceWorker.ready;
    let subscription = await registration.pushManager.getSubscription();
    const held = subscription?.options.applicationServerKey;
    if (subscription && (!held || !sameBytes(new Uint8Array(held), key))) {
      await subscription.unsubscribe(); // made for another relay key: useless now
      subscription = null;
    }
    subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const json = subscription.toJSON();
    await this.api.savePush({
      endpoint: json.endpoint ?? subscription.endpoint,
      keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
      notify,
    });
  }

  async disable(): Promise<void> {
    if (this.supported) {
      const registration = await navigator.serviceWorker.ready;
      await (await registration.pushManager.getSubscription())?.unsubscribe();
    }
    await this.api.deletePush();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
