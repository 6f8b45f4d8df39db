import { accessSync, closeSync, constants, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join } from 'node:path';

/** The backend ships inside the extension at this path (scripts/package.mjs copies it there). */
export function backendJar(extensionPath: string): string {
  return join(extensionPath, 'server', 'baton.jar');
}

/**
 * Why the backend cannot be started from `jar`, or undefined when it is there. Without this check a
 * missing jar only shows as the JVM exiting at once, which the language client retries five times and
 * reports as connection errors that never name the file.
 */
export function missingBackend(jar: string): string | undefined {
  if (existsSync(jar)) return undefined;
  return `The Baton backend is missing from the extension: ${jar} does not exist. Reinstall the Baton extension.`;
}

/**
 * The backend's class-data archive, beside its jar so it goes with the extension version that wrote
 * it; undefined where it could not be written (a JVM that cannot write its archive at exit exits 1 and
 * says so on stdout, which carries protocol frames only). One the JVM would ignore is deleted first.
 */
export function classDataArchive(jar: string): string | undefined {
  const folder = dirname(jar);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return undefined;
  }
  const archive = join(folder, 'baton-lsp.jsa');
  discardUnusableArchive(archive, jar);
  return archive;
}

/**
 * The JVM flags `./baton` passes too: class-data sharing through an archive the JVM writes at the first
 * exit and maps on later starts (about a third of the start; the JVM rewrites one from another JDK,
 * {@link classDataArchive} deletes one for an older jar), and the JVM's own warnings on stderr, since
 * stdout carries only protocol frames.
 */
export function jvmFlags(archive: string | undefined): string[] {
  return [
    ...(archive ? [`-XX:SharedArchiveFile=${archive}`, '-XX:+AutoCreateSharedArchive'] : []),
    '-Xlog:disable',
    '-Xlog:all=warning:stderr',
    '-Xlog:cds*=off:stderr',
  ];
}

/** `java [flags] -jar baton.jar lsp [--relay URL]`; an empty relay setting leaves the choice to the backend. */
export function backendCommand(
  java: string,
  jar: string,
  relayUrl: string | undefined,
  archive: string | undefined,
): { command: string; args: string[] } {
  const relay = relayUrl?.trim();
  return {
    command: java,
    args: [...jvmFlags(archive), '-jar', jar, 'lsp', ...(relay ? ['--relay', relay] : [])],
  };
}

/** What a dynamic class-data archive starts with (HotSpot's CDS_DYNAMIC_ARCHIVE_MAGIC, native byte order). */
const DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

/**
 * Deletes an archive the JVM would ignore without ever replacing it, so that the next exit writes a new
 * one: one made for an older jar, or one whose writing was cut short (the backend killed while it wrote
 * it at exit), which lacks the magic number. A missing file is left missing.
 */
export function discardUnusableArchive(archive: string, jar: string): void {
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
  if (read === 4 && magic === DYNAMIC_ARCHIVE_MAGIC && !newer(jar, archive)) return;
  try {
    rmSync(archive, { force: true });
  } catch {
    // Not ours to delete: the JVM cannot replace it either, and starts without it.
  }
}

function newer(file: string, than: string): boolean {
  try {
    return statSync(file).mtimeMs > statSync(than).mtimeMs;
  } catch {
    return false;
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
