// End to end in a real VS Code workbench: code-server with the built .vsix installed, driven in headless
// Chromium. "Start Remote Control" from the command palette brings the status bar to "online"; a scripted
// phone pairs with the link from the QR code panel and sends a message; the session panel (the web client
// in a webview) shows it; "Rename Session" reaches the phone; losing the relay for longer than the offline
// limit turns Remote Control off with a "Start Again" warning that works once the relay is back; "Stop
// Remote Control" turns the indicator off. Screenshots go to
// target/screenshots/. Run with `npm run e2e` after `mvn -B -pl vscode-extension -am package`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { defaultInstallRoots, findJdk } from '../src/backend/jdkFinder';
import { Device } from './device';
import { createRelayToken, freePort, startGroup, startRelay, stopGroup, type Running } from './processes';
import { deadline } from './waiting';
import { Workbench } from './workbench';

const MODULE = resolve(__dirname, '..', '..');
const INSTALL = 'vscode-extension/e2e/install-code-server.sh';
const CHROMIUM = '/usr/bin/chromium';
const CACHE = process.env['BATON_E2E_CACHE'] ?? join(MODULE, '.e2e');
const CODE_SERVER = join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
const BACKEND_JAR = resolve(MODULE, '..', 'server', 'target', 'baton.jar');
const SCREENSHOTS = join(MODULE, 'target', 'screenshots');
const OFFLINE_LIMIT = '8s';
/** The whole test; every step below has its own, shorter bound. */
const TEST_TIMEOUT_MS = 8 * 60_000;

const started = Date.now();
/** What to stop when the test ends, however it ends. */
const cleanups: Running[] = [];
async function stopAll(): Promise<void> {
  for (const running of cleanups.splice(0).reverse()) await running.stop().catch(() => undefined);
}
const log = (message: string) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

function requirePrerequisites(): string {
  const missing: string[] = [];
  if (!existsSync(CODE_SERVER)) missing.push(`code-server is not installed in ${CACHE}: run ${INSTALL}`);
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} is missing: apt-get install chromium (then run ${INSTALL})`);
  if (!existsSync(BACKEND_JAR)) missing.push(`${BACKEND_JAR} is missing: mvn -B -pl server -am package`);
  const { name, version } = JSON.parse(readFileSync(join(MODULE, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(MODULE, 'target', `${name}-${version}.vsix`);
  if (!existsSync(vsix)) missing.push(`${vsix} is missing: npm run package`);
  if (missing.length) throw new Error(`the VS Code end-to-end test cannot run:\n  ${missing.join('\n  ')}`);
  return vsix;
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

/** The extension's "Baton" output channel as code-server wrote it, for a failure report. */
function batonLogs(userDataDir: string): string {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/Baton\.log$/.test(entry)) found.push(`--- ${path}\n${readFileSync(path, 'utf8').slice(-6000)}`);
    }
  };
  if (existsSync(join(userDataDir, 'logs'))) walk(join(userDataDir, 'logs'));
  return found.join('\n') || '(no Baton output channel log found)';
}

async function main(): Promise<void> {
  const vsix = requirePrerequisites();
  const search = await findJdk({
    javaHome: process.env['JAVA_HOME'],
    installRoots: defaultInstallRoots(process.platform, homedir(), process.env),
    platform: process.platform,
  });
  if (!search.jdk) throw new Error(`${search.problem} Checked: ${search.rejected.join('; ')}`);
  const java = search.jdk.java;

  const dir = mkdtempSync(join(tmpdir(), 'baton-vscode-e2e-'));
  const [home, userData, extensions, workspace, batonHome] = ['home', 'user-data', 'extensions', 'workspace', 'baton-home'].map(
    (name) => join(dir, name),
  ) as [string, string, string, string, string];
  [home, userData, extensions, workspace, batonHome].forEach((path) => mkdirSync(path, { recursive: true }));
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  let workbench: Workbench | undefined;
  let passed = false;
  try {
    const relayData = join(dir, 'relay-data');
    const token = createRelayToken(java, BACKEND_JAR, relayData);
    let relay = await startRelay(java, BACKEND_JAR, { dataDir: relayData, port: 0, logFile: join(dir, 'relay.log') });
    cleanups.push({ stop: () => relay.stop() });
    log(`relay at ${relay.url}`);
    writeSettings(userData, relay.url);
    // A short offline limit, so that losing the relay turns Remote Control off within the test.
    writeFileSync(join(batonHome, 'config.json'), JSON.stringify({ offlineTimeout: OFFLINE_LIMIT }));

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
    const codeServerArgs = ['--user-data-dir', userData, '--extensions-dir', extensions, '--config', join(dir, 'code-server.yaml')];
    execFileSync(CODE_SERVER, [...codeServerArgs, '--install-extension', vsix], { env, timeout: 120_000, stdio: 'pipe' });
    log('extension installed');

    const port = await freePort();
    const codeServer = startGroup(
      CODE_SERVER,
      [
        ...codeServerArgs,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
      ],
      { env, logFile: join(dir, 'code-server.log') },
    );
    cleanups.push({ stop: () => stopGroup(codeServer) });
    await deadline(60_000, 'code-server to answer /healthz', async () =>
      (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false)) ? true : undefined,
    );
    log(`code-server on port ${port}`);

    const browser = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
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
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    cleanups.push({ stop: () => browser.close() });
    const page = browser.pages()[0] ?? (await browser.newPage());
    workbench = new Workbench(page, SCREENSHOTS);

    await workbench.open(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await workbench.waitForStatus('off', 90_000);
    await workbench.screenshot('workbench-off');
    log('workbench up, the extension active: "Remote Control: off"');

    await workbench.runCommand('Baton: Start Remote Control');
    await workbench.waitForStatus('online', 120_000);
    await workbench.screenshot('online');
    log('"Remote Control: online"');

    const offered = await workbench.statusMenu();
    for (const label of ['Show Remote Control QR Code', 'Copy Session URL', 'Stop Remote Control']) {
      if (!offered.includes(label)) throw new Error(`the status menu while online lacks "${label}": ${JSON.stringify(offered)}`);
    }
    if (offered.includes('Start Remote Control')) throw new Error(`the status menu offers to start while online: ${offered}`);
    log(`the status menu offers ${JSON.stringify(offered)}`);
    await workbench.pickFromMenu('Show Remote Control QR Code');
    const qrFrame = await workbench.webviewFrame('[data-testid="qr-url"]', 30_000);
    const sessionUrl = (await qrFrame.locator('[data-testid="qr-url"]').innerText()).trim();
    if (!(await qrFrame.locator('[data-testid="qr-code"]').isVisible())) throw new Error('the QR panel shows no QR code');
    await workbench.screenshot('qr-code');
    log(`QR panel shows ${sessionUrl}`);
    if (!sessionUrl.startsWith(`${relay.url}/s/`) || !sessionUrl.includes('#pair=')) {
      throw new Error(`the QR panel's link is not a pairing link on the test's relay (${relay.url}): ${sessionUrl}`);
    }

    await workbench.runCommand('Baton: Copy Session URL');
    const copied = await deadline(15_000, 'a pairing link on the clipboard', async () => {
      const text = String(await page.evaluate('navigator.clipboard.readText()').catch(() => ''));
      return text.includes('#pair=') && text !== sessionUrl ? text : undefined;
    });
    if (!copied.startsWith(sessionUrl.split('#')[0]!)) throw new Error(`Copy Session URL copied another session's link: ${copied}`);
    log('Copy Session URL put a link with a fresh pairing code on the clipboard');

    await workbench.runCommand('Baton: Open Session Panel');
    const panel = await workbench.webviewFrame('[data-testid="transcript"]', 30_000);
    log('session panel open');

    const phone = await Device.join(sessionUrl, 'e2e phone');
    const inputId = phone.sendMessage('!echo hello-from-phone');
    await phone.waitForEvent(inputId, (event) => event.type === 'tool_result' && !!event.output?.includes('hello-from-phone'), 30_000);
    log('the phone sent "!echo hello-from-phone" and saw its output committed');

    const userMessage = panel.locator('[data-testid="event-user"]', { hasText: '!echo hello-from-phone' });
    await userMessage.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      const transcript = await panel.locator('[data-testid="transcript"]').innerText().catch(() => '(unreadable)');
      throw new Error(`the session panel never showed the phone's message; its transcript reads: ${transcript}`, { cause: error });
    });
    await deadline(30_000, "the command's output in the session panel", async () =>
      (await panel.locator('[data-testid="transcript"]').innerText()).includes('hello-from-phone\n') ||
      (await panel.locator('[data-testid="event-tool"]', { hasText: 'hello-from-phone' }).count()) > 0
        ? true
        : undefined,
    );
    await workbench.screenshot('panel-shows-phone-message');
    log("the session panel shows the phone's message");

    await workbench.runCommand('Baton: Rename Session');
    await workbench.answerInputBox('Rename Session', 'Renamed from the editor');
    await phone.waitForType('title', (event) => event.title === 'Renamed from the editor' && event.origin === 'editor', 30_000);
    log('Rename Session reached the phone as a title event from the editor');
    phone.close();

    // The relay goes away for longer than the offline limit: Remote Control turns itself off and offers
    // to start again, which works once the relay is back.
    await relay.stop();
    await workbench.waitForStatus('reconnecting', 30_000);
    await workbench.screenshot('reconnecting');
    log(`relay stopped: "Remote Control: reconnecting"`);
    await workbench.waitForStatus('off', 60_000);
    const startAgain = await workbench.notificationButton('Remote Control turned off', 'Start Again', 10_000);
    await workbench.screenshot('offline-limit');
    log(`after the offline limit (${OFFLINE_LIMIT}): "Remote Control: off" and a warning offering "Start Again"`);
    relay = await startRelay(java, BACKEND_JAR, { dataDir: relayData, port: relay.port, logFile: join(dir, 'relay.log') });
    await startAgain.click();
    await workbench.waitForStatus('online', 60_000);
    log('relay back, "Start Again": "Remote Control: online"');

    await workbench.runCommand('Baton: Stop Remote Control');
    await workbench.waitForStatus('off', 30_000);
    await workbench.screenshot('stopped');
    log('"Remote Control: off" after Stop Remote Control');
    passed = true;
  } catch (error) {
    await workbench?.screenshot('failure').catch(() => undefined);
    console.error(batonLogs(userData));
    console.error(`logs of code-server and the relay are in ${dir}`);
    throw error;
  } finally {
    await stopAll();
    if (passed) rmSync(dir, { recursive: true, force: true });
  }
}

const timeout = setTimeout(() => {
  console.error(`e2e: FAILED: the whole test took longer than ${TEST_TIMEOUT_MS / 1000} s`);
  console.log('0 passed, 1 failed');
  void stopAll().finally(() => process.exit(1));
}, TEST_TIMEOUT_MS);
main().then(
  () => {
    clearTimeout(timeout);
    log(`screenshots in ${SCREENSHOTS}`);
    console.log('1 passed, 0 failed');
  },
  (error: unknown) => {
    clearTimeout(timeout);
    console.error(`e2e: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
