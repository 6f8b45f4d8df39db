import type { Clock, Timer } from "./clock.ts";
import type { SessionSummary } from "./protocol.ts";

/** The relay has no push for the list, so it is polled; also on focus and whenever the list is shown. */
export const LIST_POLL_MS = 10_000;

/** What an open session knows better than the last poll (its stream is live). */
export type SessionUpdate = Partial<Pick<SessionSummary, "title" | "processing" | "pendingPermissions" | "online">>;

/**
 * The account's sessions, kept current by polling, with the open session's entry corrected from its
 * own stream so the list never lags behind what the user just saw.
 */
export class SessionListModel {
  private fetched: SessionSummary[] = [];
  private overlays = new Map<string, SessionUpdate>();
  private loadedOnce = false;
  private failure: string | null = null;
  private timer: Timer | null = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fetch: () => Promise<SessionSummary[]>,
    private readonly clock: Clock,
    private readonly pollMs = LIST_POLL_MS,
  ) {}

  get sessions(): SessionSummary[] {
    return this.fetched.map((session) => ({ ...session, ...this.overlays.get(session.id) }));
  }

  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** Why the last refresh failed, or null; the list keeps showing what it had. */
  get error(): string | null {
    return this.failure;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.refresh();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
  }

  /** Fetches now (coalescing with a fetch already running) and restarts the poll interval. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = null;
      this.timer?.cancel();
      this.timer = this.running ? this.clock.after(this.pollMs, () => void this.refresh()) : null;
    });
    return this.inFlight;
  }

  /** The open session's stream is fresher than any poll; a later poll that agrees makes it redundant. */
  update(sessionId: string, update: SessionUpdate): void {
    this.overlays.set(sessionId, { ...this.overlays.get(sessionId), ...update });
    this.changed();
  }

  private async load(): Promise<void> {
    try {
      this.fetched = await this.fetch();
      this.overlays.clear();
      this.failure = null;
      this.loadedOnce = true;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
    }
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
