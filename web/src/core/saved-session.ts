import type { Input, SessionEvent, Snapshot } from "./protocol.ts";

/** How much of a transcript a device keeps for reading offline; older events are left to the relay. */
export const SAVED_EVENTS_LIMIT = 2_000;

/**
 * A session as this device last saw it, kept so the app can show it with the relay out of reach, and
 * the inputs typed but not yet committed, so a reload loses none of them: they go out again under their
 * own inputIds, which the relay and the host apply at most once.
 */
export interface SavedSession {
  version: 1;
  epoch: string;
  /** The saved events do not start at seq 1. */
  truncated: boolean;
  events: SessionEvent[];
  snapshot: Snapshot;
  pending: { inputId: string; input: Input }[];
}
