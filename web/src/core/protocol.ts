// The wire types of PROTOCOL v1 (docs/protocol.md) that the web client reads and writes.
// Readers ignore unknown fields, so every type lists only what the client uses.

export interface Cursor {
  epoch: string;
  seq: number;
}

interface EventBase {
  seq: number;
  ts: string;
  inputId?: string;
  /** `editor`, `terminal`, or the id of the device that sent the input. */
  origin?: string;
}

export interface PermissionRequest extends EventBase {
  type: "permission_request";
  requestId: string;
  tool: string;
  input: unknown;
  summary: string;
}

export type SessionEvent =
  | (EventBase & { type: "user_message"; text: string })
  | (EventBase & { type: "assistant_message"; messageId: string; text: string })
  | (EventBase & { type: "tool_call"; callId: string; tool: string; input: unknown })
  | (EventBase & { type: "tool_result"; callId: string; ok: boolean; output: string; exitCode?: number })
  | PermissionRequest
  | (EventBase & { type: "permission_decision"; requestId: string; decision: Decision })
  | (EventBase & { type: "status"; processing: boolean })
  | (EventBase & { type: "title"; title: string; source: string })
  | (EventBase & { type: "notice"; text: string })
  | (EventBase & { type: "error"; code: string; message: string })
  | (EventBase & { type: "conversation_cleared" })
  // A type this client does not know yet still keeps its place in the log.
  | (EventBase & { type: "unknown"; originalType: string });

export type Decision = "allow" | "deny" | "allowAlways";

export interface Snapshot {
  title: string;
  processing: boolean;
  pendingPermissions: PermissionRequest[];
  online: boolean;
}

export type Input =
  | { kind: "message"; text: string }
  | { kind: "permission"; requestId: string; decision: Decision }
  | { kind: "interrupt" }
  | { kind: "rename"; title: string };

/** What the relay sends on a device stream (and what the VS Code transport translates into). */
export type DeviceFrame =
  | {
      type: "sync";
      status: "ok" | "gap";
      epoch: string;
      events: SessionEvent[];
      snapshot: Snapshot;
      online: boolean;
      truncated?: boolean;
    }
  | { type: "events"; events: SessionEvent[] }
  | { type: "delta"; messageId: string; text: string }
  | { type: "presence"; online: boolean; since?: string }
  | { type: "inputQueued"; inputId: string }
  | { type: "error"; code: string; message: string; inputId?: string }
  | { type: "ping" }
  | { type: "pong" };

/** What a device sends on its stream. */
export type ClientFrame =
  | { type: "subscribe"; cursor: Cursor | null }
  | { type: "input"; inputId: string; input: Input }
  | { type: "ping" }
  | { type: "pong" };

/** How a server-mode environment makes sessions; `single-session` environments refuse spawn. */
export type SpawnMode = "single-session" | "same-dir" | "worktree";

export interface EnvironmentSummary {
  id: string;
  name: string;
  online: boolean;
  /** Extension: absent from relays that predate it, which is read as "cannot spawn". */
  spawnMode?: SpawnMode;
}

export interface SessionSummary {
  id: string;
  title: string;
  environment?: EnvironmentSummary;
  online: boolean;
  processing: boolean;
  pendingPermissions: number;
  lastActivity?: string;
  /** Extension: when `online` last changed (absent when the relay has not seen the host since it started). */
  presenceSince?: string;
}

export interface DeviceInfo {
  id: string;
  name: string;
  createdAt: string;
  lastSeen?: string;
  current: boolean;
}

export interface Pairing {
  pairingCode: string;
  url: string;
  expiresAt: string;
}

const KNOWN_EVENTS = new Set([
  "user_message",
  "assistant_message",
  "tool_call",
  "tool_result",
  "permission_request",
  "permission_decision",
  "status",
  "title",
  "notice",
  "error",
  "conversation_cleared",
]);

/** Events of types this client does not know are kept (their seq counts) but shown as nothing special. */
export function normaliseEvent(raw: { type: string; seq: number; ts: string }): SessionEvent {
  if (KNOWN_EVENTS.has(raw.type)) {
    return raw as SessionEvent;
  }
  return { seq: raw.seq, ts: raw.ts, type: "unknown", originalType: raw.type };
}
