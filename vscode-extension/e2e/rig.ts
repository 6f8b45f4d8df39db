// What the end-to-end test runs against: a standalone relay and code-server with the built .vsix, each
// with its own HOME, user data, extensions and BATON_HOME in a temp dir, and headless Chromium on it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { defaultInstallRoots, findJdk } from '../src/backend/jdkFinder';
import { createRelayToken, freePort, startGroup, startRelay, stopGroup, type Running } from './processes';
import { deadline } from './waiting';
import { Workbench } from './workbench';

const INSTALL = 'vscode-extension/e2e/install-code-server.sh';
const CHROMIUM = '/usr/bin/chromium';

export interface RigOptions {
  /** vscode-extension/ */
  module: string;
  backendJar: string;
  screenshots: string;
  /** Written to BATON_HOME's config.json, so that losing the relay turns Remote Control off within a test. */
  offlineLimit: string;
}

export class Rig {
  private readonly running: Running[] = [];
  private relay: (Running & { url: string; port: number }) | undefined;
  private codeServerGroup: number | undefined;
  workbench: Workbench | undefined;

  private constructor(
    private readonly options: RigOptions,
    private readonly java: string,
    readonly dir: string,
  ) {}

  /** Fails, naming the step that provides it, when anything the test needs is missing. */
  static async create(options: RigOptions): Promise<Rig> {
    const cache = process.env['BATON_E2E_CACHE'] ?? join(options.module, '.e2e');
    const missing: string[] = [];
    if (!existsSync(codeServer(cache))) missing.push(`code-server is not installed in ${cache}: run ${INSTALL}`);
    if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} is missing: apt-get install chromium (then run ${INSTALL})`);
    if (!existsSync(options.backendJar)) missing.push(`${options.backendJar} is missing: mvn -B -pl server -am package`);
    if (!existsSync(vsixOf(options.module))) missing.push(`${vsixOf(options.module)} is missing: npm run package`);
    if (missing.length) throw new Error(`the VS Code end-to-end test cannot run:\n  ${missing.join('\n  ')}`);
    const search = await findJdk({
      javaHome: process.env['JAVA_HOME'],
      installRoots: defaultInstallRoots(process.platform, homedir(), process.env),
      platform: process.platform,
    });
    if (!search.jdk) throw new Error(`${search.problem} Checked: ${search.rejected.join('; ')}`);
    rmSync(options.screenshots, { recursive: true, force: true });
    return new Rig(options, search.jdk.java, mkdtempSync(join(tmpdir(), 'baton-vscode-e2e-')));
  }

  /** The backend's config.json (in the test's BATON_HOME), read by each backend as it starts. */
  get configFile(): string {
    return join(this.dir, 'baton-home', 'config.json');
  }

  get relayUrl(): string {
    if (!this.relay) throw new Error('the relay is not running');
    return this.relay.url;
  }

  /** Starts the relay, installs the extension, starts code-server and opens the workspace in Chromium. */
  async start(): Promise<Workbench> {
    const [home, userData, extensions, workspace, batonHome] = ['home', 'user-data', 'extensions', 'workspace', 'baton-home'].map(
      (name) => join(this.dir, name),
    ) as [string, string, string, string, string];
    [home, userData, extensions, workspace, batonHome].forEach((path) => mkdirSync(path, { recursive: true }));

    const token = createRelayToken(this.java, this.options.backendJar, join(this.dir, 'relay-data'));
    await this.startRelay(0);
    writeSettings(userData, this.relayUrl);
    writeFileSync(this.configFile, JSON.stringify({ offlineTimeout: this.options.offlineLimit }));

    // Everything the workbench, its extension host and the backend write stays in the temp dir.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      BATON_HOME: batonHome,
      BATON_TOKEN: token,
    };
    const cache = process.env['BATON_E2E_CACHE'] ?? join(this.options.module, '.e2e');
    const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions, '--config', join(this.dir, 'code-server.yaml')];
    execFileSync(codeServer(cache), [...dirs, '--install-extension', vsixOf(this.options.module)], {
      env,
      timeout: 120_000,
      stdio: 'pipe',
    });

    const port = await freePort();
    const server = startGroup(
      codeServer(cache),
      [
        ...dirs,
        ...['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check'],
        ...['--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'],
      ],
      { env, logFile: join(this.dir, 'code-server.log') },
    );
    this.running.push({ stop: () => stopGroup(server) });
    this.codeServerGroup = server.pid;
    await deadline(60_000, 'code-server to answer /healthz', async () =>
      (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false)) ? true : undefined,
    );

    const browser = await launchChromium(join(this.dir, 'chromium-profile'));
    this.running.push({ stop: () => browser.close() });
    this.workbench = new Workbench(browser.pages()[0] ?? (await browser.newPage()), this.options.screenshots);
    await this.workbench.open(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    return this.workbench;
  }

  async stopRelay(): Promise<void> {
    await this.relay?.stop();
  }

  /** The relay again, on the same port with the same data, as after a restart. */
  async restartRelay(): Promise<void> {
    await this.startRelay(this.relay?.port ?? 0);
  }

  /** Kills the extension's backend (`baton.jar lsp`, in code-server's process group) as a crash would. */
  killBackend(): number {
    const backends = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((pid) => processGroup(pid) === this.codeServerGroup && commandLine(pid).includes('baton.jar lsp'));
    if (backends.length !== 1) throw new Error(`expected one backend process under code-server, found ${backends.length}`);
    process.kill(backends[0]!, 'SIGKILL');
    return backends[0]!;
  }

  /** The extension's "Baton" output channel as code-server wrote it, and where the other logs are. */
  failureReport(): string {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (entry.endsWith('Baton.log')) found.push(`--- ${path}\n${readFileSync(path, 'utf8').slice(-6000)}`);
      }
    };
    const logs = join(this.dir, 'user-data', 'logs');
    if (existsSync(logs)) walk(logs);
    return `${found.join('\n') || '(no Baton output channel log found)'}\nlogs of code-server and the relay are in ${this.dir}`;
  }

  /** Stops everything, and removes the temp dir (and its logs) if asked to. */
  async close(removeDir: boolean): Promise<void> {
    for (const running of this.running.splice(0).reverse()) await running.stop().catch(() => undefined);
    await this.relay?.stop().catch(() => undefined);
    if (removeDir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async startRelay(port: number): Promise<void> {
    this.relay = await startRelay(this.java, this.options.backendJar, {
      dataDir: join(this.dir, 'relay-data'),
      port,
      logFile: join(this.dir, 'relay.log'),
    });
  }
}

/** The process group of `pid` (field 5 of /proc/PID/stat, after the parenthesised name); 0 if it is gone. */
function processGroup(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return 0;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function codeServer(cache: string): string {
  return join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
}

function vsixOf(module: string): string {
  const { name, version } = JSON.parse(readFileSync(join(module, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(module, 'target', `${name}-${version}.vsix`);
}

/** The user settings of a quiet, trusted workbench that uses the test's relay. */
function writeSettings(userDataDir: string, relayUrl: string): void {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'baton.relay.url': relayUrl,
    'baton.trace.server': 'messages',
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
    // Copy Session URL is checked by reading the clipboard.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}
