// The messages between the VS Code extension and the web client running in its webview (postMessage
// both ways), typed once for both sides: the web client's VsCodeTransport and the extension's
// WebviewBridge (vscode-extension/src/panels/webviewBridge.ts) import them from here. Payloads are the
// editor ⇄ backend wire types generated from `protocol/`, so the backend's shapes reach both unchanged.
// Types only: nothing here is bundled, and the `.js` path resolves to the declarations under both
// projects' module resolution.
import type * as Wire from "../../../protocol/target/generated-ts/protocol.js";

/** What the extension sends the webview. */
export type ExtensionMessage =
  | { type: "sessions"; requestId: string; sessions: Wire.SessionSummary[] }
  | { type: "devices"; requestId: string; devices: Wire.Device[] }
  /** The answer to `openSession`, or unasked (no requestId): the session to show, or a restarted backend's. */
  | ({ type: "opened"; requestId?: string } & Wire.SessionOpened)
  | ({ type: "event" } & Wire.SessionEvent)
  | ({ type: "delta" } & Wire.Delta)
  /** The backend refused `sendInput` before the session saw it. */
  | { type: "inputFailed"; inputId: string; message: string }
  /** Remote Control's state, for the extension's status bar; the panel itself ignores it. */
  | { type: "connection"; state: Wire.ConnectionState; url?: string; detail?: string };

/** What the webview sends the extension. */
export type WebviewMessage =
  | { type: "ready" }
  | { type: "listSessions"; requestId: string }
  | { type: "devices"; requestId: string }
  | { type: "openSession"; requestId: string; sessionId?: string }
  | { type: "sendInput"; sessionId: string; inputId: string; input: Wire.InputUnion }
  | { type: "showPairing"; sessionId: string };
