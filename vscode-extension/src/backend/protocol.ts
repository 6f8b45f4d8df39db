// The editor ⇄ backend JSON-RPC contract (docs/protocol.md §1). Its params, results and notifications are
// generated from the Java types in `protocol/` (typescript-generator, at build time, into
// protocol/target/generated-ts/protocol.d.ts); this module names the ones the extension uses and adds what
// is not a wire type: the method names and the requests the extension makes.
import type * as Wire from '../../../protocol/target/generated-ts/protocol';

export type {
  ConnectionReason,
  ConnectionState,
  ConnectionStatus,
  OpenSession,
  RemoteControlStarted,
  SendInput,
  SessionOpened,
  StartRemoteControl,
  StopRemoteControl,
  WorkspaceTrustGranted,
} from '../../../protocol/target/generated-ts/protocol';

/** `baton/listSessions`: the sessions on this machine. */
export type SessionList = Wire.EditorSessionList;

/** `baton/sessionEvent`. */
export type SessionEventNotification = Wire.SessionEvent;

/** `baton/delta`. */
export type DeltaNotification = Wire.Delta;

/** `baton/devices` (an extension): names for the device ids in events' `origin`. */
export type DeviceList = Wire.Devices;

/** An input as `baton/sendInput` carries it: `kind` plus the kind's fields. */
export type Input = Wire.InputUnion;

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
  startRemoteControl(params: Wire.StartRemoteControl): Promise<Wire.RemoteControlStarted>;
  stopRemoteControl(params: Wire.StopRemoteControl): Promise<void>;
  listSessions(): Promise<SessionList>;
  openSession(params: Wire.OpenSession): Promise<Wire.SessionOpened>;
  sendInput(params: Wire.SendInput): Promise<void>;
  devices(): Promise<DeviceList>;
}
