import type {
  BackendApi,
  ConnectionStatus,
  DeltaNotification,
  Input,
  OpenSession,
  SessionEventNotification,
} from '../backend/protocol';
// The web client owns the messages of its webview transport; both sides type them from that one module
// (an ES module there, hence the resolution mode: only its types are used).
import type { ExtensionMessage, WebviewMessage } from '../../../web/src/transport/webview-messages.js' with {
  'resolution-mode': 'import',
};

export interface BridgeHost {
  backend: BackendApi;
  post(message: ExtensionMessage): void;
  /** The session the panel should show first: the one Remote Control hosts or the user last opened. */
  currentSessionId(): string | undefined;
  /** The web client opened a session; it becomes the current one. */
  opened(sessionId: string): void;
  /**
   * `/mobile` or `/remote-control` typed in the panel: a pairing code for the session, shown in the
   * editor only, so it never reaches the session's log.
   */
  showPairing(sessionId: string): Promise<void>;
  connectionStatus(): ConnectionStatus;
  /** A request the web client made failed where it cannot say so itself. */
  failed(what: string, error: unknown): void;
}

/**
 * Carries the web client's postMessage transport to the backend's JSON-RPC and back. It only
 * translates: what the messages mean is the web client's and the backend's business.
 */
export class WebviewBridge {
  /** The session the web client shows, once it has been opened. */
  private shown: string | undefined;

  constructor(private readonly host: BridgeHost) {}

  /**
   * A new backend process (after a crash) knows nothing of the panel: opening its session again
   * restarts the live feed, and the web client takes the unsolicited `opened` as a fresh sync and
   * resends what is still pending.
   */
  async backendRestarted(): Promise<void> {
    if (this.shown) await this.open(undefined, { sessionId: this.shown });
  }

  async receive(message: unknown): Promise<void> {
    const request = parse(message);
    if (!request) {
      this.host.failed('a message from the session panel', new Error(`unknown message ${JSON.stringify(message)}`));
      return;
    }
    switch (request.type) {
      case 'ready': {
        // With none in focus (a reopened window, say), the folder's latest session, as Start Remote
        // Control hosts it: a bare openSession would make a new, empty one.
        const current = this.host.currentSessionId();
        await this.open(undefined, current ? { sessionId: current } : { resume: true });
        this.connection(this.host.connectionStatus());
        return;
      }
      case 'openSession':
        await this.open(request.requestId, request.sessionId ? { sessionId: request.sessionId } : {});
        return;
      case 'listSessions':
        try {
          const { sessions } = await this.host.backend.listSessions();
          this.host.post({ type: 'sessions', requestId: request.requestId, sessions });
        } catch (error) {
          this.host.failed('listing the sessions', error);
        }
        return;
      case 'devices':
        // Names are a nicety: a failure answers "none known" so the panel shows "another device" at once.
        try {
          const { devices } = await this.host.backend.devices();
          this.host.post({ type: 'devices', requestId: request.requestId, devices });
        } catch {
          this.host.post({ type: 'devices', requestId: request.requestId, devices: [] });
        }
        return;
      case 'showPairing':
        try {
          await this.host.showPairing(request.sessionId);
        } catch (error) {
          this.host.failed('showing a pairing code', error);
        }
        return;
      case 'sendInput':
        try {
          await this.host.backend.sendInput({
            sessionId: request.sessionId,
            inputId: request.inputId,
            input: request.input,
          });
        } catch (error) {
          this.host.post({ type: 'inputFailed', inputId: request.inputId, message: messageOf(error) });
        }
        return;
    }
  }

  connection(status: ConnectionStatus): void {
    this.host.post({ type: 'connection', state: status.state, url: status.url, detail: status.detail });
  }

  sessionEvent(notification: SessionEventNotification): void {
    this.host.post({ type: 'event', sessionId: notification.sessionId, event: notification.event });
  }

  delta(notification: DeltaNotification): void {
    this.host.post({ type: 'delta', ...notification });
  }

  private async open(requestId: string | undefined, which: OpenSession): Promise<void> {
    try {
      const opened = await this.host.backend.openSession(which);
      this.shown = opened.sessionId;
      this.host.opened(opened.sessionId);
      this.host.post({ type: 'opened', ...(requestId ? { requestId } : {}), ...opened });
    } catch (error) {
      this.host.failed('opening the session', error);
    }
  }
}

function parse(message: unknown): WebviewMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  const text = (key: string) => typeof m[key] === 'string';
  switch (m['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'listSessions':
      return text('requestId') ? { type: 'listSessions', requestId: m['requestId'] as string } : undefined;
    case 'devices':
      return text('requestId') ? { type: 'devices', requestId: m['requestId'] as string } : undefined;
    case 'showPairing':
      return text('sessionId') ? { type: 'showPairing', sessionId: m['sessionId'] as string } : undefined;
    case 'openSession':
      if (!text('requestId') || !(m['sessionId'] === undefined || text('sessionId'))) return undefined;
      return {
        type: 'openSession',
        requestId: m['requestId'] as string,
        ...(text('sessionId') ? { sessionId: m['sessionId'] as string } : {}),
      };
    case 'sendInput': {
      const input = m['input'];
      const validInput =
        typeof input === 'object' && input !== null && typeof (input as { kind?: unknown }).kind === 'string';
      if (!text('sessionId') || !text('inputId') || !validInput) return undefined;
      return {
        type: 'sendInput',
        sessionId: m['sessionId'] as string,
        inputId: m['inputId'] as string,
        input: input as Input,
      };
    }
    default:
      return undefined;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
