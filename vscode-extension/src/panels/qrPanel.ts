import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { RemoteControlStarted } from '../backend/protocol';
import { batonConfigFile } from '../remote/batonConfigFile';
import { phoneReachHint } from '../remote/reach';
import { qrPanelHtml } from './html';

/** One webview showing the latest pairing QR code and its link. */
export class QrPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private url = '';

  show(started: RemoteControlStarted): void {
    this.url = started.url;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'baton.qrCode',
        'Remote Control QR Code',
        vscode.ViewColumn.Active,
        { enableScripts: true, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage(async (message: { type?: string }) => {
        if (message.type !== 'copy') return;
        await vscode.env.clipboard.writeText(this.url);
        void vscode.window.showInformationMessage('Session link copied.');
      });
    }
    this.panel.webview.html = qrPanelHtml({
      svg: started.qrSvg,
      url: started.url,
      reachHint: phoneReachHint(started.url, batonConfigFile()),
      cspSource: this.panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
    });
    this.panel.reveal();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
