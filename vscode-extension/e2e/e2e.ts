// End to end in a real VS Code workbench: code-server with the built .vsix installed, driven in headless
// Chromium. A backend that stops as it starts, over a bad config.json, gets one error naming the cause and
// no restarts. "Start Remote Control" from the command palette brings the status bar to "online" and a notice
// that hands out the link without showing it; a scripted phone pairs with the link from the QR code panel
// and sends a message; the session panel (the web client
// in a webview) shows it under the phone's name, and what is typed there reaches the phone, as does
// "Rename Session"; losing the relay for longer than the offline limit turns Remote Control off with a
// "Start Again" warning that works once the relay is back; after the backend crashes it is restarted and
// both Remote Control and the panel work again; "Stop Remote Control" turns the indicator off; a window
// without a folder asks for one instead of starting. Screenshots go to target/screenshots/. Run with
// `npm run e2e` after `mvn -B -pl vscode-extension -am package`;
// BATON_E2E_KEEP=1 keeps the temp dir with every log even when the test passes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Device } from './device';
import { Rig } from './rig';
import { deadline } from './waiting';
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench';

const MODULE = resolve(__dirname, '..', '..');
const OFFLINE_LIMIT = '8s';
/** The whole test; every step has its own, shorter bound. */
const TEST_TIMEOUT_MS = 8 * 60_000;

const started = Date.now();
const log = (message: string) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

async function scenario(rig: Rig, workbench: Workbench): Promise<void> {
  await workbench.waitForStatus('off', 90_000);
  await workbench.screenshot('workbench-off');
  log('workbench up, the extension active: "Remote Control: off"');

  // A backend that stops as it starts (here over a config.json it cannot read) is not restarted: one
  // error names the cause as the backend said it, and Show Output shows the rest.
  const config = readFileSync(rig.configFile, 'utf8');
  writeFileSync(rig.configFile, '{"offlineTimeout": ');
  await workbench.runCommand('Notifications: Clear All Notifications');
  await workbench.runCommand('Baton: Start Remote Control');
  const showOutput = await workbench.notificationButton(`${rig.configFile} is not valid JSON`, 'Show Output', 60_000);
  const notices = await workbench.notifications();
  if (notices.length !== 1 || !notices[0]!.startsWith('The Baton backend could not start: ')) {
    throw new Error(`a backend that stopped as it started got other notices than one naming the cause: ${JSON.stringify(notices)}`);
  }
  await workbench.screenshot('backend-stopped-starting');
  await showOutput.click();
  const output = await deadline(15_000, 'the Baton output channel to show why the backend stopped', async () => {
    const text = await workbench.outputPanelText();
    return text.includes('is not valid JSON') ? text : undefined;
  });
  if (output.includes('will restart')) throw new Error(`the backend that stopped as it started was restarted:\n${output}`);
  log('a backend that stops as it starts: one error naming config.json, Show Output, no restart');
  writeFileSync(rig.configFile, config);
  await workbench.runCommand('Notifications: Clear All Notifications');

  await workbench.runCommand('Baton: Start Remote Control');
  // The first command starts the backend, which takes seconds; the status bar says so meanwhile.
  await workbench.page
    .locator('#workbench\\.parts\\.statusbar')
    .getByText('Starting the Baton backend')
    .waitFor({ timeout: 15_000 })
    .catch((error: unknown) => {
      throw new Error('the status bar never said "Starting the Baton backend" while the backend started', { cause: error });
    });
  await workbench.screenshot('starting-backend');
  await workbench.waitForStatus('online', 120_000);
  await workbench.screenshot('online');
  log('"Remote Control: online"');

  // The notice says Remote Control is on and hands the link out on request, never in its text: VS Code
  // keeps notifications in its list, and the link's fragment pairs a device and holds the content key.
  const copyLink = await workbench.notificationButton('Remote Control is on', 'Copy Link', 30_000);
  const notice = (await workbench.notifications()).find((text) => text.startsWith('Remote Control is on')) ?? '';
  if (notice.includes('#pair=') || notice.includes(rig.relayUrl)) throw new Error(`the start notice shows the pairing link: ${notice}`);
  if (!notice.includes('Only this computer can open this link.')) throw new Error(`the start notice does not say who can open a 127.0.0.1 link: ${notice}`);
  await workbench.notificationButton('Remote Control is on', 'Show QR Code', 1_000);
  await copyLink.click();
  const noticeLink = await deadline(15_000, "a pairing link on the clipboard after the start notice's Copy Link", async () => {
    const text = await workbench.clipboard();
    return text.startsWith(`${rig.relayUrl}/s/`) && text.includes('#pair=') ? text : undefined;
  });
  log('the start notice names no link, and its Copy Link put one on the clipboard');

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
  // The test's relay is on 127.0.0.1, which a phone that scans the code cannot reach: the panel says so.
  const reach = await qrFrame.locator('[data-testid="qr-reach"]').innerText();
  if (!reach.startsWith('Only this computer can open this link.')) throw new Error(`the QR panel does not say who can open a 127.0.0.1 link: ${reach}`);
  await workbench.screenshot('qr-code');
  log(`QR panel shows ${sessionUrl.split('#')[0]}#pair=…`);
  if (!sessionUrl.startsWith(`${rig.relayUrl}/s/`) || !sessionUrl.includes('#pair=')) {
    throw new Error(`the QR panel's link is not a pairing link on the test's relay (${rig.relayUrl}): ${sessionUrl}`);
  }

  await workbench.runCommand('Baton: Copy Session URL');
  const copied = await deadline(15_000, 'a pairing link on the clipboard', async () => {
    const text = await workbench.clipboard();
    return text.includes('#pair=') && text !== sessionUrl && text !== noticeLink ? text : undefined;
  });
  if (!copied.startsWith(sessionUrl.split('#')[0]!)) throw new Error(`Copy Session URL copied another session's link: ${copied}`);
  log('Copy Session URL put a link with a fresh pairing code on the clipboard');
  await qrFrame.locator('[data-testid="qr-copy"]').click();
  await deadline(15_000, "the QR panel's link on the clipboard after its Copy button", async () =>
    (await workbench.clipboard()) === sessionUrl ? true : undefined,
  );
  log("the QR panel's Copy button put its own link on the clipboard");

  await workbench.runCommand('Baton: Open Session Panel');
  const panel = await workbench.webviewFrame('[data-testid="transcript"]', 30_000);
  // Nobody has named the session yet: its heading says so in words rather than by its id.
  await deadline(30_000, 'the session panel to head an untitled session "New session"', async () =>
    (await panel.locator('[data-testid="session-title"]').innerText().catch(() => '')).trim() === 'New session' ? true : undefined,
  );
  log('session panel open, headed "New session"');

  const phone = await Device.join(sessionUrl, 'e2e phone');
  const inputId = phone.sendMessage('!echo hello-from-phone');
  await phone.waitForEvent(inputId, (event) => event.type === 'tool_result' && !!event.output?.includes('hello-from-phone'), 30_000);
  log('the phone sent "!echo hello-from-phone" and saw its output committed');

  await panel
    .locator('[data-testid="event-user"]', { hasText: '!echo hello-from-phone' })
    .waitFor({ timeout: 30_000 })
    .catch(async (error: unknown) => {
      const transcript = await panel.locator('[data-testid="transcript"]').innerText().catch(() => '(unreadable)');
      throw new Error(`the session panel never showed the phone's message; its transcript reads: ${transcript}`, { cause: error });
    });
  // The message says which device sent it by the name the phone paired with (the extension asks the
  // backend, which asks the relay), as it does in a browser.
  const phoneMessage = panel.locator('[data-testid="event-user"]', { hasText: '!echo hello-from-phone' });
  await phoneMessage
    .filter({ hasText: 'e2e phone' })
    .waitFor({ timeout: 30_000 })
    .catch(async (error: unknown) => {
      const shown = await phoneMessage.innerText().catch(() => '(unreadable)');
      throw new Error(`the phone's message in the session panel does not name the phone "e2e phone": ${shown}`, { cause: error });
    });
  log('the session panel names the phone: "e2e phone"');
  await deadline(30_000, "the command's output in the session panel", async () =>
    (await panel.locator('[data-testid="event-tool"]', { hasText: 'hello-from-phone' }).count()) > 0 ? true : undefined,
  );
  await workbench.screenshot('panel-shows-phone-message');
  log("the session panel shows the phone's message and its output");
  // The session runs in this editor, whose status bar says whether Remote Control is on: a chip saying
  // "online" here would contradict a "Remote Control: off" there.
  if ((await panel.locator('[data-testid="presence"]').count()) !== 0) {
    throw new Error('the session panel shows a presence chip, which in the editor can only ever say "online"');
  }

  await sendFromPanel(panel, '!echo hello-from-the-editor');
  await phone.waitForType('tool_result', (event) => event.origin === 'editor' && !!event.output?.includes('hello-from-the-editor'), 30_000);
  log('a command typed in the session panel ran, and the phone saw it come from the editor');

  await workbench.runCommand('Baton: Rename Session');
  await workbench.answerInputBox('Rename Session', 'Renamed from the editor');
  await phone.waitForType('title', (event) => event.title === 'Renamed from the editor' && event.origin === 'editor', 30_000);
  await deadline(30_000, 'the session panel to head the session with its new title', async () =>
    (await panel.locator('[data-testid="session-title"]').innerText().catch(() => '')).trim() === 'Renamed from the editor' ? true : undefined,
  );
  log('Rename Session reached the phone as a title event from the editor, and the panel heads the session with it');
  phone.close();

  // The relay goes away for longer than the offline limit: Remote Control turns itself off and offers
  // to start again, which works once the relay is back.
  await rig.stopRelay();
  await workbench.waitForStatus('reconnecting', 30_000);
  await workbench.screenshot('reconnecting');
  log('relay stopped: "Remote Control: reconnecting"');
  await workbench.waitForStatus('off', 60_000);
  const startAgain = await workbench.notificationButton('Remote Control turned off', 'Start Again', 10_000);
  await workbench.screenshot('offline-limit');
  log(`after the offline limit (${OFFLINE_LIMIT}): "Remote Control: off" and a warning offering "Start Again"`);
  await rig.restartRelay();
  await startAgain.click();
  await workbench.waitForStatus('online', 60_000);
  log('relay back, "Start Again": "Remote Control: online"');

  // The backend crashes: the language client starts a new one, which hosts nothing until asked again;
  // the session panel reopens its session on the new backend and keeps working.
  const killed = rig.killBackend();
  await workbench.waitForStatus('off', 30_000);
  log(`backend ${killed} killed: "Remote Control: off"`);
  await workbench.runCommand('Baton: Start Remote Control');
  await workbench.waitForStatus('online', 60_000);
  log('"Start Remote Control" on the restarted backend: "Remote Control: online"');
  await workbench.runCommand('Baton: Open Session Panel');
  await sendFromPanel(panel, '!echo after-the-crash');
  await deadline(30_000, 'the command typed after the crash to show its output in the panel', async () =>
    (await panel.locator('[data-testid="event-tool"]', { hasText: 'after-the-crash' }).count()) > 0 ? true : undefined,
  );
  await workbench.screenshot('after-backend-crash');
  log('the session panel works on the restarted backend');

  await workbench.runCommand('Baton: Stop Remote Control');
  await workbench.waitForStatus('off', 30_000);
  await workbench.screenshot('stopped');
  log('"Remote Control: off" after Stop Remote Control');

  // A window without a folder has no directory for the session: the extension says so and offers to
  // open one, rather than starting a backend in whatever directory the editor was started from.
  await workbench.open(`${new URL(workbench.page.url()).origin}/?ew=true`);
  await workbench.waitForStatus('off', 90_000);
  await workbench.runCommand('Baton: Start Remote Control');
  await workbench.notificationButton('this window has none open', 'Open Folder', 30_000);
  await workbench.screenshot('no-folder');
  log('in a window without a folder, "Start Remote Control" asks for one');
  await workbench.runCommand('Notifications: Clear All Notifications');
  await workbench.runCommand('Baton: Open Session Panel');
  await workbench.notificationButton('this window has none open', 'Open Folder', 30_000);
  const panelTabs = await workbench.page.locator('.tabs-container .tab', { hasText: 'Baton Session' }).count();
  if (panelTabs !== 0) throw new Error('"Open Session Panel" opened a panel in a window whose backend cannot start');
  log('and "Open Session Panel" says the same instead of opening a panel that never connects');
}

/**
 * Types into the session panel's composer and sends with Enter (a click on Send could land on a
 * notification toast covering it). A palette command hands focus back to the panel a moment after it
 * closes, and keys pressed before then land nowhere, so this waits for the panel to hold focus first, as
 * a person sees the cursor before typing; an emptied composer is what says the message went.
 */
async function sendFromPanel(panel: Frame, text: string): Promise<void> {
  await deadline(15_000, 'the session panel to take focus', async () =>
    (await panel.evaluate('document.hasFocus()')) === true ? true : undefined,
  );
  const composer = panel.locator('[data-testid="composer"]');
  await composer.fill(text);
  await composer.press('Enter');
  await deadline(15_000, `the composer to send "${text}" on Enter`, async () =>
    (await composer.inputValue()) === '' ? true : undefined,
  );
}

async function main(): Promise<void> {
  const screenshots = join(MODULE, 'target', 'screenshots');
  const rig = await Rig.create({
    module: MODULE,
    backendJar: resolve(MODULE, '..', 'server', 'target', 'baton.jar'),
    screenshots,
    offlineLimit: OFFLINE_LIMIT,
  });
  const timeout = setTimeout(() => {
    console.error(`e2e: FAILED: the whole test took longer than ${TEST_TIMEOUT_MS / 1000} s\n${rig.failureReport()}`);
    console.log('0 passed, 1 failed');
    void rig.close(false).finally(() => process.exit(1));
  }, TEST_TIMEOUT_MS);
  let passed = false;
  try {
    const workbench = await rig.start();
    log(`relay at ${rig.relayUrl}, workbench loaded`);
    await scenario(rig, workbench);
    passed = true;
    log(`screenshots in ${screenshots}`);
  } catch (error) {
    await rig.workbench?.screenshot('failure').catch(() => undefined);
    console.error(rig.failureReport());
    throw error;
  } finally {
    clearTimeout(timeout);
    await rig.close(passed && !process.env['BATON_E2E_KEEP']);
  }
}

main().then(
  () => console.log('1 passed, 0 failed'),
  (error: unknown) => {
    console.error(`e2e: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
