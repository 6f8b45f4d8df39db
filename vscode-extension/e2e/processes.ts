// The real processes the end-to-end test runs: a standalone relay and code-server, each in its own
// process group so that stopping it also stops what it started (the extension host, the backend).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { deadline } from './waiting';

export interface Running {
  stop(): Promise<void>;
}

/** Starts `command` as a process group leader, its output appended to `logFile`. */
export function startGroup(command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string }): ChildProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, { env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** SIGTERM to the whole group, SIGKILL after 10 s if anything of it is still there. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-child.pid!, name);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  signal('SIGTERM');
  try {
    await deadline(10_000, `process group ${child.pid} to exit`, () => (signal(0) ? undefined : true));
  } catch {
    signal('SIGKILL');
  }
}

/** A port that was free a moment ago (code-server takes no port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** An account token for the relay keeping its state in `dataDir`, made while that relay is stopped. */
export function createRelayToken(java: string, jar: string, dataDir: string): string {
  return execFileSync(java, ['-jar', jar, 'relay', 'token', 'create', '--data-dir', dataDir, '--user', 'e2e'], {
    encoding: 'utf8',
    timeout: 60_000,
  }).trim();
}

/** `baton relay` as a self-hoster runs it; port 0 picks a free one, which `url` then names. */
export async function startRelay(
  java: string,
  jar: string,
  options: { dataDir: string; port: number; logFile: string },
): Promise<Running & { url: string; port: number }> {
  const child = startGroup(
    java,
    ['-jar', jar, 'relay', '--port', String(options.port), '--data-dir', options.dataDir, '--json'],
    { env: process.env, logFile: options.logFile },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const listening = await deadline(
    60_000,
    'the relay to print where it listens',
    () => {
      if (child.exitCode !== null) throw new Error(`the relay exited with ${child.exitCode}; see ${options.logFile}`);
      const line = output.split('\n').find((l) => l.includes('"listening"'));
      return line ? (JSON.parse(line) as { url: string; port: number }) : undefined;
    },
    () => `stdout: ${output}`,
  );
  return { url: listening.url, port: listening.port, stop: () => stopGroup(child) };
}
