import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Backend } from '../backend/backend';
import type { ConnectionStatus, RemoteControlStarted } from '../backend/protocol';
import type { QrPanel } from '../panels/qrPanel';
import type { SessionFocus } from '../panels/sessionPanel';
import { batonConfigFile } from './batonConfigFile';
import { startedMessage } from './reach';

/**
 * The Remote Control commands. The backend does the work; this remembers only the latest connection
 * status and which session the user is looking at (the one Remote Control hosts, or the panel shows).
 */
export class RemoteControl implements SessionFocus {
  private status: ConnectionStatus = { state: 'off' };
  private sessionId: string | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly qrPanel: QrPanel,
  ) {
    backend.onStatus((status) => (this.status = status));
  }

  currentSessionId(): string | undefined {
    return this.sessionId;
  }

  focus(sessionId: string): void {
    this.sessionId = sessionId;
  }

  connectionStatus(): ConnectionStatus {
    return this.status;
  }

  /** Says Remote Control is on, unless started on the user's behalf (the enableForAllSessions setting). */
  async start(options: { announce: boolean } = { announce: true }): Promise<void> {
    const started = await this.pairing();
    if (!options.announce) return;
    const showQr = 'Show QR Code';
    const copy = 'Copy Link';
    const choice = await vscode.window.showInformationMessage(startedMessage(started.url, batonConfigFile()), showQr, copy);
    if (choice === showQr) this.qrPanel.show(started);
    else if (choice === copy) await this.copy(started.url);
  }

  async stop(): Promise<void> {
    await this.backend.stopRemoteControl(this.sessionId ? { sessionId: this.sessionId } : {});
  }

  async showQrCode(): Promise<void> {
    this.qrPanel.show(await this.pairing());
  }

  async copySessionUrl(): Promise<void> {
    await this.copy((await this.pairing()).url);
  }

  async openInBrowser(): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse((await this.pairing()).url, true));
  }

  async rename(): Promise<void> {
    // With none in focus, the folder's latest session: the one Start Remote Control would host.
    const sessionId = this.sessionId ?? (await this.backend.openSession({ resume: true })).sessionId;
    this.sessionId = sessionId;
    const title = await vscode.window.showInputBox({
      title: 'Rename Session',
      prompt: 'The title every device shows for this session',
      // The session panel beside it may take focus as events arrive; that must not throw the typing away.
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A title cannot be empty'),
    });
    if (title === undefined) return;
    await this.backend.sendInput({ sessionId, inputId: randomUUID(), input: { kind: 'rename', title: title.trim() } });
  }

  /**
   * Starts Remote Control for the session in focus, or mints a fresh pairing code when it already runs:
   * a code pairs one device once, so every link handed out gets its own.
   */
  private async pairing(): Promise<RemoteControlStarted> {
    const started = await this.backend.startRemoteControl(this.sessionId ? { sessionId: this.sessionId } : {});
    this.sessionId = started.sessionId;
    return started;
  }

  private async copy(url: string): Promise<void> {
    await vscode.env.clipboard.writeText(url);
    void vscode.window.showInformationMessage('Session link copied. It pairs one device and expires in 10 minutes.');
  }
}
