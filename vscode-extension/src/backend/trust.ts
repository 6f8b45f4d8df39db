import { Methods, type WorkspaceTrustGranted } from './protocol';

/** What is needed of `vscode.Disposable`, so this tests without VS Code. */
export interface Disposable {
  dispose(): void;
}

/**
 * Forwards VS Code's workspace trust to the backend: when the user trusts the workspace
 * (`vscode.workspace.onDidGrantWorkspaceTrust`), `baton/workspaceTrust {trusted: true}`, so the sessions
 * opened from then on get the folder's project settings and MCP servers. VS Code never revokes trust
 * without a restart, so there is nothing else to send.
 */
export function forwardWorkspaceTrust(
  onDidGrant: (listener: () => void) => Disposable,
  notify: (method: string, params: WorkspaceTrustGranted) => void,
): Disposable {
  return onDidGrant(() => notify(Methods.workspaceTrust, { trusted: true }));
}
