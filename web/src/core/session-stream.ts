import { Backoff } from "./backoff.ts";
import type { Clock, Timer } from "./clock.ts";
import { normaliseEvent, type ClientFrame, type DeviceFrame } from "./protocol.ts";
import type { SessionModel } from "./session-model.ts";

/** Both ends ping every 10 s, so 30 s without hearing anything means the stream is dead. */
export const PING_INTERVAL_MS = 10_000;
export const SILENCE_LIMIT_MS = 30_000;

/** An open WebSocket, reduced to what the stream needs. */
export interface StreamSocket {
  send(text: string): void;
  close(): void;
}

export interface SocketHandlers {
  message(text: string): void;
  closed(): void;
}

/** Opens one device stream; rejects with a DialError when it cannot. */
export type Dial = (handlers: SocketHandlers) => Promise<StreamSocket>;

/** Why a stream could not be opened; `fatal` ones (a revoked device, an unknown session) stop retrying. */
export class DialError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface StreamOptions {
  pingIntervalMs?: number;
  silenceLimitMs?: number;
  backoff?: Backoff;
  /** Told once when retrying cannot help. */
  onFatal?: (error: DialError) => void;
}

/**
 * Keeps one session's device stream alive for as long as the session is open: subscribes with the
 * model's cursor, resends pending inputs after every sync, pings, declares silence death, and
 * reconnects with backoff.
 */
export class SessionStream {
  private socket: StreamSocket | null = null;
  private synced = false;
  private stopped = false;
  private generation = 0;
  /** Whether the page is in front of its user; unknown until the page says (the relay then assumes not). */
  private visible: boolean | null = null;
  private lastHeard = 0;
  private pingTimer: Timer | null = null;
  private silenceTimer: Timer | null = null;
  private retryTimer: Timer | null = null;
  private readonly pingIntervalMs: number;
  private readonly silenceLimitMs: number;
  private readonly backoff: Backoff;

  constructor(
    private readonly model: SessionModel,
    private readonly dial: Dial,
    private readonly clock: Clock,
    private readonly options: StreamOptions = {},
  ) {
    this.pingIntervalMs = options.pingIntervalMs ?? PING_INTERVAL_MS;
    this.silenceLimitMs = options.silenceLimitMs ?? SILENCE_LIMIT_MS;
    this.backoff = options.backoff ?? new Backoff();
  }

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.retryTimer?.cancel();
    this.drop();
  }

  /** Sends an input the model just recorded; if the stream is not synced, the next sync sends it. */
  send(inputId: string): void {
    const pending = this.model.pending.all.find((p) => p.inputId === inputId);
    if (pending && this.synced) {
      this.write({ type: "input", inputId, input: pending.input });
    }
  }

  /**
   * The page came to the front or left it (extension frame `visibility`): the relay pushes a notification
   * for a prompt only while no device is looking. Said again on every new stream.
   */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (this.socket) this.write({ type: "visibility", visible });
  }

  /** Try now instead of waiting out the backoff (the page became visible, the network came back). */
  nudge(): void {
    if (!this.socket && !this.stopped && this.retryTimer) {
      this.retryTimer.cancel();
      this.retryTimer = null;
      void this.connect();
    }
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    const generation = ++this.generation;
    let socket: StreamSocket;
    try {
      socket = await this.dial({
        message: (text) => generation === this.generation && this.heard(text),
        closed: () => generation === this.generation && this.lost(),
      });
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      if (error instanceof DialError && error.fatal) {
        this.stopped = true;
        this.model.linkLost();
        this.options.onFatal?.(error);
        return;
      }
      this.lost();
      return;
    }
    if (generation !== this.generation || this.stopped) {
      socket.close();
      return;
    }
    this.socket = socket;
    this.lastHeard = this.clock.now();
    this.write({ type: "subscribe", cursor: this.model.transcript.cursor });
    if (this.visible !== null) this.write({ type: "visibility", visible: this.visible });
    this.schedulePing();
    this.watchSilence();
  }

  private heard(text: string): void {
    this.lastHeard = this.clock.now();
    this.watchSilence();
    let frame: DeviceFrame;
    try {
      frame = parseFrame(text);
    } catch {
      return; // not a frame this client understands; the relay never sends one
    }
    if (frame.type === "ping") {
      this.write({ type: "pong" });
      return;
    }
    if (this.model.receive(frame) === "hole") {
      this.reconnectNow();
      return;
    }
    if (frame.type === "sync") {
      this.synced = true;
      this.backoff.reset();
      this.model.linkOpened();
      for (const pending of this.model.pending.toResend) {
        this.model.pending.resent(pending.inputId);
        this.write({ type: "input", inputId: pending.inputId, input: pending.input });
      }
    }
  }

  private lost(): void {
    this.drop();
    if (this.stopped) return;
    this.model.linkLost();
    this.retryTimer = this.clock.after(this.backoff.next(), () => void this.connect());
  }

  /** Missing events: resubscribing from the cursor makes the relay fill them in. */
  private reconnectNow(): void {
    this.drop();
    void this.connect();
  }

  private drop(): void {
    this.generation++;
    this.synced = false;
    this.pingTimer?.cancel();
    this.silenceTimer?.cancel();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  private schedulePing(): void {
    this.pingTimer = this.clock.after(this.pingIntervalMs, () => {
      this.write({ type: "ping" });
      this.schedulePing();
    });
  }

  private watchSilence(): void {
    this.silenceTimer?.cancel();
    const deadline = this.lastHeard + this.silenceLimitMs;
    this.silenceTimer = this.clock.after(Math.max(deadline - this.clock.now(), 0), () => this.lost());
  }

  private write(frame: ClientFrame): void {
    this.socket?.send(JSON.stringify(frame));
  }
}

/** Parses a relay frame, keeping events of unknown types as placeholders. */
export function parseFrame(text: string): DeviceFrame {
  const frame = JSON.parse(text) as DeviceFrame;
  if (frame.type === "sync" || frame.type === "events") {
    frame.events = frame.events.map(normaliseEvent);
  }
  return frame;
}
