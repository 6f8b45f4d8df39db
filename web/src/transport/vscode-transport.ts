import type { DeviceFrame, SessionSummary } from "../core/protocol.ts";
import { normaliseEvent } from "../core/protocol.ts";
import type { SessionModel } from "../core/session-model.ts";
import type { DeviceName, SessionHandle, Transport } from "./transport.ts";
import type { ExtensionMessage, WebviewMessage } from "./webview-messages.ts";

/** The extension answers from the backend on the same machine; silence this long means it will not. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The part of `acquireVsCodeApi()` the webview uses. */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}

/** Where the extension's messages arrive: the webview's window. */
export interface MessageSource {
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

/**
 * The VS Code webview's transport: postMessage to the extension, which forwards to the backend
 * over JSON-RPC. The session's machine is this machine, so it is always online; inputs are still
 * acknowledged only by their committed event, exactly as on the relay. `connection` messages are
 * Remote Control's state, which the extension's status bar shows; the panel ignores them.
 */
export class VsCodeTransport implements Transport {
  readonly kind = "vscode";
  readonly origin = "editor";
  readonly account = null;

  private requests = 0;
  private readonly waiting = new Map<string, (message: ExtensionMessage) => void>();
  private readonly sessionListeners = new Set<(message: ExtensionMessage) => void>();
  private readonly initial: Promise<string>;

  constructor(
    private readonly vscode: VsCodeApi,
    source: MessageSource,
  ) {
    let first: (sessionId: string) => void = () => {};
    this.initial = new Promise((resolve) => (first = resolve));
    source.addEventListener("message", (event) => {
      const message = event.data as ExtensionMessage;
      if (!message || typeof message !== "object" || typeof message.type !== "string") return;
      if (message.type === "opened" && !message.requestId) first(message.sessionId);
      const requestId = "requestId" in message ? message.requestId : undefined;
      const answer = requestId ? this.waiting.get(requestId) : undefined;
      if (requestId && answer) {
        this.waiting.delete(requestId);
        answer(message);
      }
      this.sessionListeners.forEach((listener) => listener(message));
    });
    vscode.postMessage({ type: "ready" });
  }

  /** The session the extension opened this panel for (its answer to `ready`). */
  initialSession(): Promise<string> {
    return this.initial;
  }

  /** The editor shows the pairing code in its own QR panel; the session hears nothing of it. */
  showPairing(sessionId: string): void {
    this.vscode.postMessage({ type: "showPairing", sessionId });
  }

  async listSessions(): Promise<SessionSummary[]> {
    const answer = await this.request({ type: "listSessions", requestId: this.nextId() });
    return answer.type === "sessions" ? answer.sessions : [];
  }

  /** The devices of the relay Remote Control uses (the extension asks the backend); none while it is off. */
  async deviceNames(): Promise<DeviceName[]> {
    const answer = await this.request({ type: "devices", requestId: this.nextId() });
    return answer.type === "devices" ? answer.devices : [];
  }

  open(model: SessionModel): SessionHandle {
    const sessionId = model.sessionId;
    const deliver = (frame: DeviceFrame) => model.receive(frame);
    const listener = (message: ExtensionMessage) => {
      switch (message.type) {
        case "opened":
          if (message.sessionId !== sessionId) return;
          deliver({
            type: "sync",
            status: "gap",
            epoch: message.cursor?.epoch ?? "",
            events: message.events.map(normaliseEvent),
            snapshot: message.snapshot,
            online: true,
            truncated: false,
          });
          model.linkOpened();
          // As after a relay resubscribe: whatever has not come back yet goes again, same inputId.
          model.pending.toResend.forEach((pending) => send(pending.inputId));
          return;
        case "event":
          if (message.sessionId === sessionId) deliver({ type: "events", events: [normaliseEvent(message.event)] });
          return;
        case "delta":
          if (message.sessionId === sessionId) deliver({ type: "delta", messageId: message.messageId, text: message.text });
          return;
        case "inputFailed":
          deliver({ type: "error", code: "input_failed", message: message.message, inputId: message.inputId });
          return;
        default:
          return;
      }
    };
    const send = (inputId: string) => {
      const pending = model.pending.all.find((p) => p.inputId === inputId);
      if (pending) this.vscode.postMessage({ type: "sendInput", sessionId, inputId, input: pending.input });
    };
    this.sessionListeners.add(listener);
    this.vscode.postMessage({ type: "openSession", requestId: this.nextId(), sessionId });
    return {
      send,
      nudge: () => {},
      close: () => this.sessionListeners.delete(listener),
    };
  }

  private request(message: WebviewMessage & { requestId: string }): Promise<ExtensionMessage> {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.waiting.delete(message.requestId);
        reject(new Error(`the extension did not answer ${message.type}`));
      }, REQUEST_TIMEOUT_MS);
      this.waiting.set(message.requestId, (answer) => {
        clearTimeout(timeout);
        resolve(answer);
      });
      this.vscode.postMessage(message);
    });
  }

  private nextId(): string {
    return `r-${++this.requests}`;
  }
}
