// The editor ⇄ backend JSON-RPC contract (docs/protocol.md §1), as far as the extension uses it.
// Session contents (events, snapshots, inputs) pass through untouched to the web client, which owns them.

export type ConnectionState = 'off' | 'connecting' | 'online' | 'reconnecting' | 'offline';

/** `baton/connectionStatus`; `reason` is an extension (`offline_limit`). */
export interface ConnectionStatus {
  state: ConnectionState;
  url?: string;
  detail?: string;
  reason?: string;
}

export interface RemoteControlStarted {
  sessionId: string;
  /** The session URL with a one-time pairing code in its fragment. */
  url: string;
  qrText: string;
  qrSvg: string;
}

export interface SessionOpened {
  sessionId: string;
  cursor: unknown;
  snapshot: unknown;
  events: unknown[];
}

export interface SessionList {
  sessions: unknown[];
}

export interface SessionEventNotification {
  sessionId: string;
  event: unknown;
}

export interface DeltaNotification {
  sessionId: string;
  messageId: string;
  text: string;
}

/** `baton/devices` (an extension): names for the device ids in events' `origin`. */
export interface DeviceList {
  devices: { id: string; name: string }[];
}

/** An input as `baton/sendInput` carries it: `kind` plus the kind's fields. */
export type Input = { kind: string } & Record<string, unknown>;

export const Methods = {
  startRemoteControl: 'baton/startRemoteControl',
  stopRemoteControl: 'baton/stopRemoteControl',
  listSessions: 'baton/listSessions',
  openSession: 'baton/openSession',
  sendInput: 'baton/sendInput',
  devices: 'baton/devices',
  connectionStatus: 'baton/connectionStatus',
  sessionEvent: 'baton/sessionEvent',
  delta: 'baton/delta',
  /** Extension (docs/protocol.md): the user trusted the workspace after the backend started. */
  workspaceTrust: 'baton/workspaceTrust',
} as const;

/** The requests the extension makes, independent of how they travel (so the pure parts test without a client). */
export interface BackendApi {
  startRemoteControl(params: { name?: string; sessionId?: string }): Promise<RemoteControlStarted>;
  stopRemoteControl(params: { sessionId?: string }): Promise<void>;
  listSessions(): Promise<SessionList>;
  openSession(params: { sessionId?: string }): Promise<SessionOpened>;
  sendInput(params: { sessionId: string; inputId: string; input: Input }): Promise<void>;
  devices(): Promise<DeviceList>;
}
