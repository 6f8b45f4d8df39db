// The wire types of PROTOCOL v2 (docs/protocol.md) are generated from the Java types in `protocol/`
// (typescript-generator, at build time, into protocol/target/generated-ts/protocol.d.ts): nothing here
// restates a wire field. This module gives them the names the web client uses and adds what is only
// the client's own: events of types it does not know yet, and frames after that normalisation.
import type * as Wire from "../../../protocol/target/generated-ts/protocol";

export type {
  AccountInfo,
  AgreementKey,
  Cursor,
  Decision,
  DeliveredContentKey,
  DeliveredContentKeys,
  DeviceInfo,
  DeviceList,
  DeviceRegistration,
  EnvironmentSummary,
  OrganizationPolicy,
  Pairing,
  PendingDevice,
  PushSetting,
  PushSubscription,
  SessionList,
  SignInMethods,
  Snapshot,
  SpawnMode,
  SpawnResult,
  Ticket,
  VapidKey,
} from "../../../protocol/target/generated-ts/protocol";

/**
 * A session in the list, its title and environment name already opened by the transport; `locked` when
 * this device holds no key for it, so none of it could be read.
 */
export type SessionSummary = Wire.SessionSummary & { locked?: boolean };

/** Something a surface asks the session to do (`kind` says what). */
export type Input = Wire.InputUnion;

/** A committed event: `{seq, ts, type, inputId?, origin?, …body}`. */
export type Event = Wire.Event;

export type PermissionRequest = Wire.EventHeader & Wire.PermissionRequest;

/** A committed event as the client holds it: one of a type it does not know yet still keeps its place in the log. */
export type SessionEvent = Wire.Event | (Wire.EventHeader & { type: "unknown"; originalType: string });

/** A session's data key wrapped under a content key, as the relay hands it out (never opened there). */
export type SessionKey = Wire.SessionKey;

/** An event as it crosses and rests on the relay: header in the clear, body sealed. */
export type SealedEvent = Wire.SealedEvent;

/** What the relay sends on a device stream, sealed; the relay transport opens it into a DeviceFrame. */
export type SealedDeviceFrame = Wire.RelayToDeviceUnion;

/** What a device sends on its stream, sealed. */
export type SealedClientFrame = Wire.DeviceToRelayUnion;

/**
 * A relay frame as the session model takes it: opened, its events normalised. An error's code is any
 * string: a newer relay may send codes this client does not know, and transports make frames with codes
 * of their own.
 */
export type DeviceFrame =
  | (Omit<Wire.Sync, "events" | "snapshot" | "key"> & { events: SessionEvent[]; snapshot: Wire.Snapshot })
  | { type: "events"; events: SessionEvent[] }
  | { type: "delta"; messageId: string; text: string }
  | (Omit<Wire.ErrorFrame, "code"> & { code: string })
  | Exclude<Wire.RelayToDeviceUnion, Wire.Sync | Wire.EventsFrame | Wire.DeltaFrame | Wire.ErrorFrame>;

/** What the session stream sends, before the relay transport seals it. */
export type ClientFrame =
  | { type: "subscribe"; cursor: Wire.Cursor | null }
  | { type: "input"; inputId: string; input: Input }
  | Exclude<Wire.DeviceToRelayUnion, Wire.Subscribe | Wire.InputFrame>;

const KNOWN_EVENTS = new Set<string>([
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
] satisfies Wire.EventBodyUnion["type"][]);

/** Events of types this client does not know are kept (their seq counts) but shown as nothing special. */
export function normaliseEvent(raw: { type: string; seq: number; ts: string }): SessionEvent {
  if (KNOWN_EVENTS.has(raw.type)) {
    return raw as SessionEvent;
  }
  return { seq: raw.seq, ts: raw.ts, type: "unknown", originalType: raw.type };
}

/** The permission prompts of a snapshot: its `pendingPermissions` are `permission_request` events. */
export function permissionRequests(events: readonly Wire.Event[]): PermissionRequest[] {
  return events.filter((event): event is PermissionRequest => event.type === "permission_request");
}
