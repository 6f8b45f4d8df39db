import type { Clock, Timer } from "./clock.ts";
import type { EnvironmentSummary, SessionSummary } from "./protocol.ts";

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
  private said: string | null = null;
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

  /**
   * Whether the last list names the session with no environment: the process that hosted it stopped and
   * deregistered, so no computer will bring it online until someone resumes it. A session the list does
   * not name (yet) is not known to be unhosted.
   */
  unhosted(sessionId: string): boolean {
    const session = this.fetched.find((s) => s.id === sessionId);
    return session !== undefined && !session.environment;
  }

  /**
   * The name of the computer that resumes the session when a device opens it, or null: a server-mode
   * environment that runs now lists it, so the relay asks that computer to host it again.
   */
  resumesOn(sessionId: string): string | null {
    const environment = this.sessions.find((s) => s.id === sessionId)?.environment;
    if (!environment?.online || !environment.spawnMode || environment.spawnMode === "single-session") return null;
    return environment.name;
  }

  /** Why the last refresh failed, or null; the list keeps showing what it had. */
  get error(): string | null {
    return this.failure;
  }

  /** Something the page must tell its user once, beside the list (a delivered key that failed its checks). */
  get notice(): string | null {
    return this.said;
  }

  note(message: string): void {
    this.said = message;
    this.changed();
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

/** The sessions of one environment (one computer), as the list shows them under its name. */
export interface EnvironmentGroup {
  /** Null for sessions the relay names no environment for. */
  environment: EnvironmentSummary | null;
  sessions: SessionSummary[];
  /** The environment makes new sessions on request (server mode), so "New session" is offered. */
  canSpawn: boolean;
}

/**
 * Groups sessions under their environment, keeping the list's order (most recent first) both for
 * the groups (by their first session) and within each.
 */
export function groupByEnvironment(sessions: readonly SessionSummary[]): EnvironmentGroup[] {
  const groups = new Map<string, EnvironmentGroup>();
  for (const session of sessions) {
    const key = session.environment?.id ?? "";
    let group = groups.get(key);
    if (!group) {
      const environment = session.environment ?? null;
      const spawnMode = environment?.spawnMode;
      group = { environment, sessions: [], canSpawn: spawnMode !== undefined && spawnMode !== "single-session" };
      groups.set(key, group);
    }
    group.sessions.push(session);
  }
  return [...groups.values()];
}
