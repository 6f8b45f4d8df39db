import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';

/** The backend ships inside the extension at this path (scripts/package.mjs copies it there). */
export function backendJar(extensionPath: string): string {
  return join(extensionPath, 'server', 'baton.jar');
}

/** The backend's class-data archive lives beside its jar, so it goes with the extension version that wrote it. */
export function classDataArchive(jar: string): string {
  return join(dirname(jar), 'baton-lsp.jsa');
}

/**
 * The JVM flags `./baton` passes too: class-data sharing through an archive the JVM writes at the first
 * exit and maps on later starts (about a third of the start; one from another JDK or jar is ignored
 * and rewritten), and the JVM's own warnings on stderr, since stdout carries only protocol frames.
 */
export function jvmFlags(archive: string): string[] {
  return [
    `-XX:SharedArchiveFile=${archive}`,
    '-XX:+AutoCreateSharedArchive',
    '-Xlog:disable',
    '-Xlog:all=warning:stderr',
    '-Xlog:cds*=off:stderr',
  ];
}

/** `java [flags] -jar baton.jar lsp [--relay URL]`; an empty relay setting leaves the choice to the backend. */
export function backendCommand(java: string, jar: string, relayUrl: string | undefined): { command: string; args: string[] } {
  const relay = relayUrl?.trim();
  return {
    command: java,
    args: [...jvmFlags(classDataArchive(jar)), '-jar', jar, 'lsp', ...(relay ? ['--relay', relay] : [])],
  };
}

/** What a dynamic class-data archive starts with (HotSpot's CDS_DYNAMIC_ARCHIVE_MAGIC, native byte order). */
const DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

/**
 * Deletes an archive whose writing was cut short (the backend killed while it wrote it at exit): the
 * JVM would neither use nor replace a file without the magic number, so the speed-up would be lost for
 * good. A missing file is left missing; the next exit writes it.
 */
export function discardCutShortArchive(archive: string): void {
  let fd: number;
  try {
    fd = openSync(archive, 'r');
  } catch {
    return;
  }
  const head = Buffer.alloc(4);
  let read: number;
  try {
    read = readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const magic = endianness() === 'LE' ? head.readUInt32LE(0) : head.readUInt32BE(0);
  if (read === 4 && magic === DYNAMIC_ARCHIVE_MAGIC) return;
  try {
    rmSync(archive, { force: true });
  } catch {
    // A folder the user cannot write: the JVM could not write there either, and it starts without.
  }
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
