import { join } from 'node:path';

/** The backend ships inside the extension at this path (scripts/package.mjs copies it there). */
export function backendJar(extensionPath: string): string {
  return join(extensionPath, 'server', 'baton.jar');
}

/** `java -jar baton.jar lsp [--relay URL]`; an empty relay setting leaves the choice to the backend. */
export function backendCommand(java: string, jar: string, relayUrl: string | undefined): { command: string; args: string[] } {
  const relay = relayUrl?.trim();
  return { command: java, args: ['-jar', jar, 'lsp', ...(relay ? ['--relay', relay] : [])] };
}

/** What the backend reads from `initialize` (docs/protocol.md); an empty setting leaves the choice to it. */
export interface InitializationOptions {
  offlineTimeout?: string;
  /** VS Code's workspace trust: until it is true the backend keeps the folder's project settings and MCP servers off. */
  workspaceTrusted: boolean;
}

/**
 * `initializationOptions` from `baton.remoteControl.offlineTimeout` (e.g. "10m"; the backend validates
 * it) and `vscode.workspace.isTrusted`.
 */
export function initializationOptions(offlineTimeout: string | undefined, workspaceTrusted: boolean): InitializationOptions {
  const timeout = offlineTimeout?.trim();
  return timeout ? { offlineTimeout: timeout, workspaceTrusted } : { workspaceTrusted };
}
