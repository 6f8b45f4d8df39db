import * as vscode from 'vscode';
import { Backend, BackendUnavailable } from './backend/backend';
import { QrPanel } from './panels/qrPanel';
import { SessionPanel } from './panels/sessionPanel';
import { messageOf } from './panels/webviewBridge';
import { ConnectionNotices } from './remote/connectionNotices';
import { remoteControlForAllSessions } from './remote/allSessionsSetting';
import { RemoteControl } from './remote/remoteControl';
import { STATUS_MENU_COMMAND, StatusBar } from './remote/statusBar';

/** Kept for deactivate, which must wait for the backend to stop. */
let running: Backend | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Baton');
  const backend = new Backend(context.extensionPath, output);
  running = backend;
  const statusBar = new StatusBar();
  const qrPanel = new QrPanel();
  const remote = new RemoteControl(backend, qrPanel);
  const sessionPanel = new SessionPanel(context.extensionUri, backend, remote, output);
  const notices = new ConnectionNotices(
    { showWarning: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions) },
    () => run('Start Remote Control', () => remote.start()),
    () => vscode.commands.executeCommand('workbench.action.openSettings', 'baton.relay.url'),
  );
  context.subscriptions.push(output, backend, statusBar, qrPanel, sessionPanel);
  context.subscriptions.push(
    backend.onStatus((status) => {
      statusBar.show(status);
      void notices.onStatus(status);
    }),
  );

  /** Runs a command, telling the user what failed (a missing JDK has been explained already). */
  function run(what: string, action: () => Promise<void>): Promise<void> {
    return action().catch((error: unknown) => {
      output.appendLine(`${what} failed: ${messageOf(error)}`);
      if (!(error instanceof BackendUnavailable)) void vscode.window.showErrorMessage(`${what} failed: ${messageOf(error)}`);
    });
  }
  const commands: Record<string, [string, () => Promise<void>]> = {
    'baton.startRemoteControl': ['Start Remote Control', () => remote.start()],
    'baton.stopRemoteControl': ['Stop Remote Control', () => remote.stop()],
    'baton.showQrCode': ['Show Remote Control QR Code', () => remote.showQrCode()],
    'baton.copySessionUrl': ['Copy Session URL', () => remote.copySessionUrl()],
    'baton.openInBrowser': ['Open Session in Browser', () => remote.openInBrowser()],
    'baton.openSessionPanel': ['Open Session Panel', () => sessionPanel.show()],
    'baton.renameSession': ['Rename Session', () => remote.rename()],
    [STATUS_MENU_COMMAND]: ['Remote Control', () => statusBar.pickAction()],
  };
  for (const [id, [what, action]] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, () => run(what, action)));
  }

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (change) => {
      if (!change.affectsConfiguration('baton.relay.url') && !change.affectsConfiguration('baton.java.home')) return;
      const restart = 'Restart Backend';
      const choice = await vscode.window.showInformationMessage(
        'Baton uses the new setting once its backend restarts. Restarting turns Remote Control off.',
        restart,
      );
      if (choice === restart) await backend.stop();
    }),
  );

  // A window without a folder has no session to host, and saying so at every empty window would be noise.
  const hasFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const forAllSessions =
    vscode.workspace.getConfiguration('baton').get<boolean>('remoteControl.enableForAllSessions') || remoteControlForAllSessions();
  if (hasFolder && forAllSessions) {
    void run('Start Remote Control', () => remote.start({ announce: false }));
  }
}

/** Lets the backend shut down cleanly (its sessions flushed, the relay told) before the window goes. */
export function deactivate(): Promise<void> | undefined {
  return running?.stop();
}
