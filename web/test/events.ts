import type { PermissionRequest, SessionEvent, Snapshot } from "../src/core/protocol.ts";

/** Small builders for the frames and events the tests feed in. */
export const ts = "2026-11-24T08:00:00Z";

export function user(seq: number, text: string, inputId?: string, origin = "editor"): SessionEvent {
  return { seq, ts, type: "user_message", text, origin, ...(inputId ? { inputId } : {}) };
}

export function assistant(seq: number, messageId: string, text: string): SessionEvent {
  return { seq, ts, type: "assistant_message", messageId, text };
}

export function status(seq: number, processing: boolean, inputId?: string): SessionEvent {
  return { seq, ts, type: "status", processing, ...(inputId ? { inputId } : {}) };
}

export function prompt(seq: number, requestId: string): PermissionRequest {
  return { seq, ts, type: "permission_request", requestId, tool: "shell", input: { command: "rm x" }, summary: "Run rm x" };
}

export function snapshot(change: Partial<Snapshot> = {}): Snapshot {
  return { title: "Fix the build", processing: false, pendingPermissions: [], online: true, ...change };
}

export function sync(status: "ok" | "gap", epoch: string, events: SessionEvent[], change: Partial<Snapshot> = {}, online = true) {
  return { type: "sync" as const, status, epoch, events, snapshot: snapshot(change), online, truncated: false };
}
