// Real processes for the browser tests: a standalone `baton relay` and a `baton remote-control`
// backend, each with its own BATON_HOME, found and started the way a user would.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../../..");
export const jar = process.env.BATON_JAR ?? join(repoRoot, "server/target/baton.jar");

/** A JDK 21+, found like ./baton does: JAVA_HOME if it is new enough, else /usr/lib/jvm/*. */
export function findJava(): string {
  const candidates = [
    ...(process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, "bin/java")] : []),
    ...(existsSync("/usr/lib/jvm") ? readdirSync("/usr/lib/jvm").map((dir) => join("/usr/lib/jvm", dir, "bin/java")) : []),
  ];
  for (const java of candidates) {
    if (!existsSync(java)) continue;
    // The JVM prints its settings on stderr.
    const settings = spawnSync(java, ["-XshowSettings:properties", "-version"], { encoding: "utf8" }).stderr ?? "";
    const match = /java\.specification\.version = (\d+)/.exec(settings);
    if (match && Number(match[1]) >= 21) return java;
  }
  throw new Error(`no JDK 21+ found (looked at JAVA_HOME and /usr/lib/jvm/*): ${candidates.join(", ") || "none"}`);
}

/** A started process whose stdout speaks JSON lines; stderr is kept for failure messages. */
export class JsonProcess {
  private lines: object[] = [];
  private waiters: (() => void)[] = [];
  private stderr = "";
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        this.lines.push(JSON.parse(line));
      } catch {
        this.lines.push({ unparsed: line });
      }
      this.waiters.splice(0).forEach((wake) => wake());
    });
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-8_000)));
    this.exited = new Promise((done) => child.on("exit", (code) => (done(code), this.waiters.splice(0).forEach((w) => w()))));
  }

  /** The first line matching `test`, waiting up to `timeoutMs`; the error says what did arrive. */
  async line<T extends object>(test: (line: any) => boolean, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(test);
      if (found) return found as T;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `${this.name}: no matching line within ${timeoutMs} ms (exit ${this.child.exitCode}); ` +
            `stdout: ${JSON.stringify(this.lines)}; stderr tail: ${this.stderr}`,
        );
      }
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 250);
      });
    }
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Relay {
  url: string;
  token: string;
  home: string;
  process: JsonProcess;
}

export function requireJar(): void {
  if (!existsSync(jar)) {
    throw new Error(`${jar} is missing: build it first (mvn -B -pl server -am package -DskipTests)`);
  }
}

/** `baton relay` on a free port with a fresh data dir, and an account token for the backend. */
/** `extraArgs` go to `baton relay` (an identity provider, say). */
export async function startRelay(java: string, extraArgs: string[] = []): Promise<Relay> {
  const home = tempDir("baton-e2e-relay-");
  const token = execFileSync(java, ["-jar", jar, "relay", "token", "create", "--data-dir", join(home, "relay"), "--user", "e2e"], {
    env: { ...process.env, BATON_HOME: home },
    encoding: "utf8",
  }).trim();
  return runRelay(java, home, token, 0, extraArgs);
}

/** The same relay again (same data, same port) after it stopped. */
export function restartRelay(java: string, relay: Relay): Promise<Relay> {
  return runRelay(java, relay.home, relay.token, Number(new URL(relay.url).port));
}

async function runRelay(java: string, home: string, token: string, port: number, extraArgs: string[] = []): Promise<Relay> {
  const child = spawn(java, ["-jar", jar, "relay", "--port", String(port), "--data-dir", join(home, "relay"), "--json", ...extraArgs], {
    env: { ...process.env, BATON_HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const relay = new JsonProcess("relay", child);
  const listening = await relay.line<{ url: string }>((line) => line.event === "listening");
  return { url: listening.url, token, home, process: relay };
}

export interface Backend {
  process: JsonProcess;
  sessionId: string;
  url: string;
}

/** `baton remote-control --json --name NAME` in `directory`, hosting its session on `relay`; `extraEnv` configures a model. */
export async function startBackend(
  java: string,
  relay: Relay,
  home: string,
  directory: string,
  name: string,
  extraEnv: Record<string, string> = {},
  extraArgs: string[] = [],
): Promise<Backend> {
  const child = spawn(java, ["-jar", jar, "remote-control", "--json", "--name", name, "--relay", relay.url, ...extraArgs], {
    cwd: directory,
    env: { ...process.env, BATON_HOME: home, BATON_TOKEN: relay.token, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const backend = new JsonProcess("backend", child);
  const ready = await backend.line<{ sessionId: string; url: string }>((line) => line.event === "ready");
  await backend.line((line) => line.event === "status" && line.state === "online");
  return { process: backend, sessionId: ready.sessionId, url: ready.url };
}
