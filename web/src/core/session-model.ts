import type { Clock, Timer } from "./clock.ts";
import { PendingInputs } from "./pending.ts";
import { SAVED_EVENTS_LIMIT, type SavedSession } from "./saved-session.ts";
import { permissionRequests, type DeviceFrame, type Input, type PermissionRequest, type SessionEvent, type Snapshot } from "./protocol.ts";
import { type AppendResult, Transcript } from "./transcript.ts";

/** How long the relay may be out of reach before the reconnect banner shows: short blips stay quiet. */
export const BANNER_DELAY_MS = 3_000;

/** The relay link as the UI sees it. */
export type LinkState = "connecting" | "open" | "down";

/** A problem that is about the session as a whole rather than one input. */
export interface Problem {
  code: string;
  message: string;
}

/**
 * Whether the problem is the session's computer not taking it up (full, or it could not open it): a
 * state of the host, over once a host is online.
 */
export function notResumed(problem: Problem | null): boolean {
  return problem?.code === "capacity_reached" || problem?.code === "host_declined";
}

/** The snapshot as the model keeps it: its prompts are the `permission_request` events they are on the wire. */
type HeldSnapshot = Omit<Snapshot, "pendingPermissions"> & { pendingPermissions: PermissionRequest[] };

/**
 * Everything one open session shows: the transcript, the inputs still pending, the snapshot
 * kept current from events, the machine's presence and the health of the link to it. It only
 * consumes frames; transports feed it (see SessionLink), so it knows nothing about sockets or DOM.
 */
export class SessionModel {
  readonly transcript = new Transcript();
  readonly pending = new PendingInputs();

  private snapshot: HeldSnapshot = { title: "", processing: false, pendingPermissions: [], online: false };
  private hostOnline = false;
  private hostSeenOnline = false;
  private hostSince: string | null = null;
  private link: LinkState = "connecting";
  private linkDownSince: number;
  private bannerTimer: Timer | null = null;
  private lastProblem: Problem | null = null;
  private lastRejection: string | null = null;
  private lockedReason: string | null = null;
  private synced = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly sessionId: string,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {
    this.linkDownSince = clock.now();
    this.armBanner();
  }

  // ---- what the UI reads ----

  get title(): string {
    return this.snapshot.title ?? "";
  }

  get processing(): boolean {
    return this.snapshot.processing;
  }

  get permissions(): readonly PermissionRequest[] {
    return this.snapshot.pendingPermissions;
  }

  /** True once the first sync arrived: before that there is nothing to show but "loading". */
  get loaded(): boolean {
    return this.synced;
  }

  /** Online only while the link is up: a host the relay called online over a dead link may be gone. */
  get online(): boolean {
    return this.link === "open" && this.hostOnline;
  }

  /**
   * Whether the relay has called the host online since this session was opened here. A session that went
   * offline meanwhile lost its host; one that never was online here may be waiting for a computer to
   * take it up.
   */
  get seenOnline(): boolean {
    return this.hostSeenOnline;
  }

  /** When the machine's presence last changed, if the relay said. */
  get onlineSince(): string | null {
    return this.hostSince;
  }

  get linkState(): LinkState {
    return this.link;
  }

  /** The reconnect banner: the relay has been out of reach for the banner delay. */
  get reconnecting(): boolean {
    return this.link !== "open" && this.clock.now() - this.linkDownSince >= BANNER_DELAY_MS;
  }

  get problem(): Problem | null {
    return this.lastProblem;
  }

  /**
   * The last thing from the relay that failed verification and was not shown. It stays up after the
   * stream resyncs: the user should know the relay altered, dropped or reordered something.
   */
  get rejection(): string | null {
    return this.lastRejection;
  }

  /** Why this device cannot read the session (it holds no key for it), or null. */
  get locked(): string | null {
    return this.lockedReason;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- what the user does ----

  /** Records an input as pending and returns its id; the link sends it (and resends it) until it commits. */
  submit(input: Input): string {
    const inputId = this.newId();
    this.pending.add(inputId, input);
    this.changed();
    return inputId;
  }

  /** A failed input goes again under the same inputId, so it can still apply only once. */
  retry(inputId: string): void {
    this.pending.resent(inputId);
    this.changed();
  }

  /** A failed input is dropped from view when the user dismisses it. */
  dismiss(inputId: string): void {
    this.pending.discard(inputId);
    this.changed();
  }

  // ---- what this device keeps ----

  /** What to keep for next time, or null before the first sync (nothing is known yet). */
  saved(): SavedSession | null {
    const cursor = this.transcript.cursor;
    if (!this.synced || cursor === null) return null;
    const events = this.transcript.events;
    return {
      version: 1,
      epoch: cursor.epoch,
      truncated: this.transcript.truncated || events.length > SAVED_EVENTS_LIMIT,
      events: events.slice(-SAVED_EVENTS_LIMIT),
      snapshot: { ...this.snapshot, online: false } as Snapshot,
      pending: this.pending.toResend.map(({ inputId, input }) => ({ inputId, input })),
    };
  }

  /**
   * Shows what this device saw last time until the relay answers: the transcript, the title, the
   * prompts, the machine as offline, and the inputs still on their way, which the next sync sends.
   * Ignored once a sync has arrived, since the relay's word is newer.
   */
  restore(saved: SavedSession): void {
    if (this.synced || saved.version !== 1) return;
    this.receive({
      type: "sync",
      status: "gap",
      epoch: saved.epoch,
      truncated: saved.truncated,
      events: saved.events,
      snapshot: saved.snapshot,
      online: false,
    });
    for (const { inputId, input } of saved.pending) {
      this.pending.add(inputId, input);
    }
    this.changed();
  }

  // ---- what the link reports ----

  linkOpened(): void {
    this.link = "open";
    this.bannerTimer?.cancel();
    this.changed();
  }

  linkLost(): void {
    if (this.link === "open") {
      this.linkDownSince = this.clock.now();
      this.armBanner();
    }
    this.link = "down";
    this.changed();
  }

  /** Something the relay sent for this session failed verification and was dropped unseen. */
  rejected(message: string): void {
    this.lastRejection = message;
    this.changed();
  }

  /** This device holds no key for the session: nothing of it can be shown. */
  lock(reason: string): void {
    this.lockedReason = reason;
    this.changed();
  }

  /** Applies one frame. A hole in the seqs answers "hole": the link must resubscribe from the cursor. */
  receive(frame: DeviceFrame): AppendResult {
    let result: AppendResult = "appended";
    switch (frame.type) {
      case "sync":
        result = this.transcript.sync(frame);
        if (result === "hole") {
          return result; // the resubscribe that follows brings a sync that fits
        }
        this.snapshot = { ...frame.snapshot, pendingPermissions: permissionRequests(frame.snapshot.pendingPermissions) };
        this.hostOnline = frame.online;
        this.hostSeenOnline ||= frame.online;
        this.applyAll(frame.events);
        this.synced = true;
        this.lastProblem = null;
        break;
      case "events":
        result = this.transcript.append(frame.events);
        if (result === "appended") {
          this.applyAll(frame.events);
        }
        break;
      case "delta":
        this.transcript.delta(frame.messageId, frame.text);
        break;
      case "presence":
        this.hostOnline = frame.online;
        this.hostSeenOnline ||= frame.online;
        this.hostSince = frame.since ?? null;
        if (frame.online && notResumed(this.lastProblem)) {
          this.lastProblem = null;
        }
        break;
      case "inputQueued":
        this.pending.queued(frame.inputId);
        break;
      case "error":
        if (frame.inputId) {
          this.pending.failed(frame.inputId, frame.message);
        } else {
          this.lastProblem = { code: frame.code, message: frame.message };
        }
        break;
      case "ping":
      case "pong":
        return result;
    }
    this.changed();
    return result;
  }

  private applyAll(events: readonly SessionEvent[]): void {
    this.pending.settle(events);
    for (const event of events) {
      this.apply(event);
    }
  }

  /** Keeps the snapshot current between syncs, the way the backend derives it. */
  private apply(event: SessionEvent): void {
    const s = this.snapshot;
    switch (event.type) {
      case "title":
        s.title = event.title;
        break;
      case "status":
        s.processing = event.processing;
        break;
      case "permission_request":
        if (!s.pendingPermissions.some((p) => p.requestId === event.requestId)) {
          s.pendingPermissions = [...s.pendingPermissions, event];
        }
        break;
      case "permission_decision":
        this.closePrompt(event.requestId);
        break;
      case "tool_result":
        // A result closes the call's prompt even without a decision (an interrupt, a restart).
        this.closePrompt(event.callId);
        break;
      default:
        break;
    }
  }

  private closePrompt(requestId: string): void {
    this.snapshot.pendingPermissions = this.snapshot.pendingPermissions.filter((p) => p.requestId !== requestId);
  }

  private armBanner(): void {
    this.bannerTimer?.cancel();
    const remaining = this.linkDownSince + BANNER_DELAY_MS - this.clock.now();
    this.bannerTimer = this.clock.after(Math.max(remaining, 0), () => this.changed());
  }

  private changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
