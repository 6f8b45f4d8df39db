import type { DeviceInfo, Pairing, SessionSummary } from "../core/protocol.ts";
import type { SessionModel } from "../core/session-model.ts";
import type { NotificationSettings } from "./push.ts";

/** An open session's connection: it feeds the model and carries the model's inputs out. */
export interface SessionHandle {
  /** Sends an input the model just recorded (see SessionModel.submit). */
  send(inputId: string): void;
  /** Reconnect now if waiting to (the page became visible, the network came back). */
  nudge(): void;
  /** Whether the page is in front of its user; the relay pushes prompts only when nobody is looking. */
  visible?(visible: boolean): void;
  close(): void;
}

/** A device's id (what an event's `origin` holds) and the name it paired with. */
export interface DeviceName {
  id: string;
  name: string;
}

/** What only the relay can do: pairing more devices and managing them. */
export interface DeviceAccount {
  createPairing(sessionId?: string): Promise<Pairing>;
  devices(): Promise<DeviceInfo[]>;
  revoke(deviceId: string): Promise<void>;
  /** A new session from a server-mode environment; resolves to its id. */
  spawn(environmentId: string, title?: string): Promise<string>;
  /** Web Push for prompts nobody is looking at (extension); absent where the relay cannot be asked. */
  notifications?: NotificationSettings;
}

/** One UI, two transports: the relay (browsers, phones) or the VS Code extension (postMessage). */
export interface Transport {
  readonly kind: "relay" | "vscode";
  /** This surface's own origin in events, so its messages read "this device". */
  readonly origin: string | null;
  readonly account: DeviceAccount | null;
  /** Where the host shows pairing codes itself (the editor): `/mobile` asks it instead of the session. */
  showPairing?(sessionId: string): void;
  listSessions(): Promise<SessionSummary[]>;
  /** The devices whose ids appear as `origin` in events, with their names; the transcript shows the names. */
  deviceNames(): Promise<DeviceName[]>;
  open(model: SessionModel): SessionHandle;
  /** Hears what the page must tell its user once (a delivered key that failed its checks), those already said included. */
  notices?(listener: (message: string) => void): () => void;
}

/** A refusal the user must act on (pair again), as opposed to a hiccup to retry. */
export class Unauthorized extends Error {}
