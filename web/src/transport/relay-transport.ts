import type { Clock } from "../core/clock.ts";
import type { Pairing, SessionSummary } from "../core/protocol.ts";
import { aad } from "../crypto/aad.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { openSummaries, type SealedSummary } from "../crypto/list-opener.ts";
import { seal } from "../crypto/seal.ts";
import type { SessionModel } from "../core/session-model.ts";
import { DialError, SessionStream, type SocketHandlers, type StreamSocket } from "../core/session-stream.ts";
import type { DeviceCredentials } from "./device-credentials.ts";
import { BrowserNotifications } from "./push.ts";
import { sealStream } from "./sealed-stream.ts";
import { keepSaved, type SessionStore } from "./session-cache.ts";
import { ApiError, type RelayApi } from "./relay-api.ts";
import { type DeviceAccount, type DeviceName, type SessionHandle, type Transport, Unauthorized } from "./transport.ts";

/**
 * The browser's transport: HTTP and one WebSocket per open session, to the relay that served the page.
 * Everything a session says crosses the relay sealed: this transport opens it with the keys this device
 * holds before the model sees it, and seals what the model sends.
 */
export class RelayTransport implements Transport {
  readonly kind = "relay";
  readonly account: DeviceAccount;
  /** Which content key each environment's names and spawn titles are sealed under, as the list last said. */
  private readonly environmentKids = new Map<string, string>();
  private readonly said: string[] = [];
  private readonly listeners = new Set<(message: string) => void>();

  constructor(
    private readonly api: RelayApi,
    private readonly credentials: DeviceCredentials,
    private readonly clock: Clock,
    /** Called when the relay no longer accepts this device: the app goes back to "pair this device". */
    private readonly onUnauthorized: (message: string) => void,
    private readonly socketUrl: (path: string) => string,
    private readonly keyring: Keyring,
    /** Where sessions are kept for reading offline; none keeps nothing. */
    private readonly saved: SessionStore | null = null,
    /** The newest content key this device learned, which a pairing link it makes puts first. */
    private readonly newestKid: () => Promise<string | null> = async () => null,
  ) {
    this.account = {
      createPairing: (sessionId) => this.guard(api.createPairing(sessionId)).then((pairing) => this.withKeys(pairing)),
      devices: () => this.guard(api.devices()),
      revoke: (deviceId) => this.guard(api.revoke(deviceId)),
      spawn: async (environmentId, title) => this.guard(api.spawn(environmentId, title && (await this.sealSpawnTitle(environmentId, title)))),
      notifications: new BrowserNotifications(api),
    };
  }

  get origin(): string | null {
    return this.credentials.current?.deviceId ?? null;
  }

  async listSessions(): Promise<SessionSummary[]> {
    const sealed = (await this.guard(this.api.sessions())) as SealedSummary[];
    for (const session of sealed) {
      if (session.environment && session.key) this.environmentKids.set(session.environment.id, session.key.kid);
    }
    return openSummaries(this.keyring, sealed);
  }

  /** A device that pairs another passes on the content keys it holds, in the link's fragment (never sent to the relay). */
  private async withKeys(pairing: Pairing): Promise<Pairing> {
    const keys = await this.keyring.exportAll(await this.newestKid().catch(() => null));
    return { ...pairing, url: pairing.url + keys.map((key) => `&key=${key}`).join("") };
  }

  /** A spawned session's title is sealed under its environment's content key; without one, no title is sent. */
  private async sealSpawnTitle(environmentId: string, title: string): Promise<string | undefined> {
    const kid = this.environmentKids.get(environmentId);
    const key = kid ? await this.keyring.contentKey(kid) : null;
    return key ? seal(key, title, aad.spawnTitle(environmentId)) : undefined;
  }

  /** Tells the page's user something once, now and to whoever listens later. */
  say(message: string): void {
    this.said.push(message);
    for (const listener of this.listeners) listener(message);
  }

  notices(listener: (message: string) => void): () => void {
    this.listeners.add(listener);
    for (const message of this.said) listener(message);
    return () => this.listeners.delete(listener);
  }

  deviceNames(): Promise<DeviceName[]> {
    return this.account.devices();
  }

  open(model: SessionModel): SessionHandle {
    const reports = { rejected: (message: string) => model.rejected(message), locked: (reason: string) => model.lock(reason) };
    const dial = (handlers: SocketHandlers) =>
      sealStream(model.sessionId, this.keyring, reports, handlers, (sealed) => this.dial(model.sessionId, sealed));
    const stream = new SessionStream(model, dial, this.clock, {
      onFatal: (error) => {
        if (error.code === "unauthorized") {
          this.onUnauthorized(error.message);
        } else {
          // An unknown session, say: retrying cannot help, so the session view says why.
          model.receive({ type: "error", code: error.code ?? "unavailable", message: error.message });
        }
      },
    });
    let stopSaving = () => {};
    let closed = false;
    // What this device saw last time shows at once, and its unsent inputs go out with the first sync.
    void (async () => {
      const saved = this.saved ? await this.saved.load(model.sessionId).catch(() => null) : null;
      if (closed) return;
      if (saved) model.restore(saved);
      if (this.saved) stopSaving = keepSaved(model, this.saved, onPageHide);
      stream.start();
    })();
    return {
      send: (id) => stream.send(id),
      nudge: () => stream.nudge(),
      visible: (visible) => stream.setVisible(visible),
      close: () => {
        closed = true;
        stopSaving();
        stream.stop();
      },
    };
  }

  private async dial(sessionId: string, handlers: SocketHandlers): Promise<StreamSocket> {
    let ticket: string;
    try {
      ticket = await this.api.ticket(sessionId);
    } catch (error) {
      if (error instanceof ApiError && (error.unauthorized || error.code === "session_not_found")) {
        throw new DialError(error.message, true, error.unauthorized ? "unauthorized" : error.code);
      }
      throw new DialError(error instanceof Error ? error.message : String(error), false);
    }
    const url = this.socketUrl(`/v1/sessions/${encodeURIComponent(sessionId)}/client?ticket=${encodeURIComponent(ticket)}`);
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      let opened = false;
      socket.onopen = () => {
        opened = true;
        resolve({ send: (text) => socket.send(text), close: () => socket.close() });
      };
      socket.onmessage = (message) => handlers.message(String(message.data));
      socket.onclose = () => {
        if (opened) handlers.closed();
        else reject(new DialError("the session stream did not open", false));
      };
    });
  }

  private async guard<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof ApiError && error.unauthorized) {
        this.onUnauthorized(error.message);
        throw new Unauthorized(error.message);
      }
      throw error;
    }
  }
}

/** Runs `flush` when the page is hidden or left, the last moment a phone's browser reliably gives. */
function onPageHide(flush: () => void): () => void {
  const hidden = () => document.visibilityState === "hidden" && flush();
  document.addEventListener("visibilitychange", hidden);
  window.addEventListener("pagehide", flush);
  return () => {
    document.removeEventListener("visibilitychange", hidden);
    window.removeEventListener("pagehide", flush);
  };
}
