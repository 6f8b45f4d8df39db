import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { BackendUnavailable, type Backend } from '../backend/backend';
import type { ConnectionStatus } from '../backend/protocol';
import { parseAssetManifest, sessionPanelHtml } from './html';
import { WebviewBridge, messageOf } from './webviewBridge';

/** What the panel needs to know about Remote Control and the session in focus. */
export interface SessionFocus {
  currentSessionId(): string | undefined;
  focus(sessionId: string): void;
  connectionStatus(): ConnectionStatus;
  /** Shows a fresh pairing code for the session in focus, in the editor's QR panel. */
  showQrCode(): Promise<void>;
}

/** The web client (copied into the extension's `web/` folder) in a webview, bridged to the backend. */
export class SessionPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private bridge: WebviewBridge | undefined;
  private opening: Promise<void> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backend: Backend,
    private readonly session: SessionFocus,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions = [
      backend.onSessionEvent((event) => this.bridge?.sessionEvent(event)),
      backend.onDelta((delta) => this.bridge?.delta(delta)),
      backend.onStatus((status) => this.bridge?.connection(status)),
      backend.onRunning(() => void this.bridge?.backendRestarted()),
    ];
  }

  /** Opens the panel, or brings it to the front; a second call while the first is opening waits for it. */
  show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      return Promise.resolve();
    }
    // The backend may take seconds to start: a second call meanwhile must not open a second panel.
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async open(): Promise<void> {
    // A panel whose backend cannot start would say "Connecting…" for good; the start failure is enough.
    await this.backend.ensureStarted();
    const webRoot = vscode.Uri.joinPath(this.extensionUri, 'web');
    const manifest = parseAssetManifest(
      Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(webRoot, 'asset-manifest.json'))).toString('utf8'),
    );
    const panel = vscode.window.createWebviewPanel('baton.session', 'Baton Session', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [webRoot],
      // Keeps the web client's state (its cursor, pending inputs) while the tab is in the background.
      retainContextWhenHidden: true,
    });
    const bridge = new WebviewBridge({
      backend: this.backend,
      post: (message) => void panel.webview.postMessage(message),
      currentSessionId: () => this.session.currentSessionId(),
      opened: (sessionId) => this.session.focus(sessionId),
      showPairing: (sessionId) => {
        this.session.focus(sessionId);
        return this.session.showQrCode();
      },
      connectionStatus: () => this.session.connectionStatus(),
      failed: (what, error) => {
        this.output.appendLine(`Session panel: ${what} failed: ${messageOf(error)}`);
        // A backend that cannot start has said why already; a second notice would only repeat it.
        if (!(error instanceof BackendUnavailable)) void vscode.window.showErrorMessage(`Baton: ${what} failed: ${messageOf(error)}`);
      },
    });
    panel.webview.onDidReceiveMessage((message: unknown) => bridge.receive(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.bridge = undefined;
    });
    panel.webview.html = sessionPanelHtml({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webRoot, manifest.js)).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webRoot, manifest.css)).toString(),
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
    });
    this.panel = panel;
    this.bridge = bridge;
  }

  dispose(): void {
    this.panel?.dispose();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}
