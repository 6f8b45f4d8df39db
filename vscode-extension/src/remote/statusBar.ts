import * as vscode from 'vscode';
import type { ConnectionStatus } from '../backend/protocol';
import { ACTION_LABELS, presentStatus, type CommandId } from './statusPresentation';

export const STATUS_MENU_COMMAND = 'baton.statusMenu';

/** The `$(broadcast) Remote Control: <state>` item; clicking it offers the commands that fit the state. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('baton.remoteControl', vscode.StatusBarAlignment.Left, 100);
  private actions: CommandId[] = [];

  constructor() {
    this.item.name = 'Remote Control';
    this.item.command = STATUS_MENU_COMMAND;
    this.show({ state: 'off' });
    this.item.show();
  }

  show(status: ConnectionStatus): void {
    const presentation = presentStatus(status);
    this.item.text = presentation.text;
    this.item.tooltip = presentation.tooltip;
    this.item.backgroundColor = presentation.background ? new vscode.ThemeColor(presentation.background) : undefined;
    this.actions = presentation.actions;
  }

  async pickAction(): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      this.actions.map((command) => ({ label: ACTION_LABELS[command], command })),
      { placeHolder: 'Remote Control' },
    );
    if (picked) await vscode.commands.executeCommand(picked.command);
  }

  dispose(): void {
    this.item.dispose();
  }
}
