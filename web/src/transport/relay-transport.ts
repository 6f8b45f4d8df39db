import type { Clock } from "../core/clock.ts";
import type { SessionSummary } from "../core/protocol.ts";
import type { SessionModel } from "../core/session-model.ts";
import { DialError, SessionStream, type SocketHandlers, type StreamSocket } from "../core/session-stream.ts";
import type { DeviceCredentials } from "./device-credentials.ts";
import { BrowserNotifications } from "./push.ts";
import { keepSaved, type SessionStore } from "./session-cache.ts";
import { ApiError, type RelayApi } from "./relay-api.ts";
import { type DeviceAccount, type DeviceName, type SessionHandle, type Transport, Unauthorized } from "./transport.ts";

/** The browser's transport: HTTP and one WebSocket per open session, to the relay that served the page. */
export class RelayTransport implements Transport {
  readonly kind = "relay";
  readonly account: DeviceAccount;

  constructor(
    private readonly api: RelayApi,
    private readonly credentials: DeviceCredentials,
    private readonly clock: Clock,
    /** Called when the relay no longer accepts this device: the app goes back to "pair this device". */
    private readonly onUnauthorized: (message: string) => void,
    private readonly socketUrl: (path: string) => string,
    /** Where sessions are kept for reading offline; none keeps nothing. */
    private readonly saved: SessionStore | null = null,
  ) {
    this.account = {
      createPairing: (sessionId) => this.guard(api.createPairing(sessionId)),
      devices: () => this.guard(api.devices()),
      revoke: (deviceId) => this.guard(api.revoke(deviceId)),
      spawn: (environmentId, title) => this.guard(api.spawn(environmentId, title)),
      notifications: new BrowserNotifications(api),
    };
  }

  get origin(): string | null {
    return this.credentials.current?.deviceId ?? null;
  }

  listSessions(): Promise<SessionSummary[]> {
    return this.guard(this.api.sessions());
  }

  deviceNames(): Promise<DeviceName[]> {
    return this.account.devices();
  }

  open(model: SessionModel): SessionHandle {
    const stream = new SessionStream(model, (handlers) => this.dial(model.sessionId, handlers), this.clock, {
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
