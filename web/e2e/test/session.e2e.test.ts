// The browser scenario, end to end: a real relay, a real backend, and the built web client
// in two Chromium contexts (a desktop and a phone).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, send, shoot, type Surface, surface } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, restartRelay, startBackend, startRelay, tempDir } from "./processes.ts";

let java: string;
let relay: Relay;
let backend: Backend;
let browser: Browser;
const home = tempDir("baton-e2e-backend-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    java = findJava();
    browser = await launchChromium();
    relay = await startRelay(java);
    backend = await startBackend(java, relay, home, project, "couch");
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await backend?.process.kill("SIGKILL");
  await relay?.process.kill();
});

const presence = (s: Surface, online: boolean) => s.page.locator(`[data-testid="presence"][data-online="${online}"]`);
const userMessage = (s: Surface, text: string) => byTestId(s.page, "event-user").filter({ hasText: text });

test("two devices share one session: messages, commands, rename, and the machine going away and back", { timeout: 240_000 }, async () => {
  const desktop = await surface(browser, "desktop", relay.url);
  const phone = await surface(browser, "phone", relay.url);

  // The desktop opens the URL the backend printed: it pairs, drops the code, and lands in the session.
  await desktop.page.goto(backend.url);
  await see(desktop, presence(desktop, true), "the machine shown online");
  assert.equal(new URL(desktop.page.url()).hash, "", "the pairing code leaves the address bar");
  assert.equal(new URL(desktop.page.url()).pathname, `/s/${backend.sessionId}`);
  await shoot(desktop, "01-joined");

  // The same link again is spent: a fresh browser says so and what to do.
  const stranger = await surface(browser, "stranger", relay.url);
  await stranger.page.goto(backend.url);
  await see(stranger, byTestId(stranger.page, "pairing-failed"), "the spent-code screen");
  await stranger.context.close();

  // The desktop pairs the phone: "Pair another device" shows a QR code and the link.
  await desktop.page.getByRole("button", { name: "All sessions" }).click();
  await see(desktop, byTestId(desktop.page, "session-item").filter({ hasText: "couch" }), "the session in the list");
  await byTestId(desktop.page, "pair-device").click();
  await see(desktop, desktop.page.locator("img.qr"), "the pairing QR code");
  const link = await byTestId(desktop.page, "pairing-link").inputValue();
  await shoot(desktop, "02-pair-another-device");

  await phone.page.goto(link);
  await see(phone, byTestId(phone.page, "session-item").filter({ hasText: "couch" }), "the session in the phone's list");
  await byTestId(phone.page, "session-item").filter({ hasText: "couch" }).tap();
  await see(phone, presence(phone, true), "the machine online on the phone");
  await see(desktop, byTestId(desktop.page, "device").filter({ hasText: "Chrome on Android" }), "the phone in the device list", 15_000);

  await desktop.page.getByRole("button", { name: "Back" }).click();
  await byTestId(desktop.page, "session-item").filter({ hasText: "couch" }).click();
  await see(desktop, presence(desktop, true), "the session again on the desktop");
  // Started with --name couch, it is named from its first moment: no rename nobody typed in its transcript.
  await see(desktop, byTestId(desktop.page, "session-title").filter({ hasText: "couch" }), "the name as its title");
  assert.equal(await byTestId(desktop.page, "event-notice").filter({ hasText: "renamed" }).count(), 0, "no rename at the start");

  // A message from the phone shows on both, as "this device" on the phone and by name on the desktop.
  await send(phone, "hello from the phone");
  await see(phone, userMessage(phone, "hello from the phone").filter({ hasText: "this device" }), "the phone's own message");
  await see(desktop, userMessage(desktop, "hello from the phone").filter({ hasText: "Chrome on Android" }), "the phone's message on the desktop");
  assert.equal(await byTestId(phone.page, "pending").count(), 0, "nothing left pending once committed");
  assert.equal(await byTestId(phone.page, "transcript-empty").count(), 0, "no 'nothing here yet' beside a message");

  // A shell command from the desktop: its output appears on both.
  const marker = `baton-e2e-${process.pid}`;
  await send(desktop, `!echo ${marker}`);
  for (const s of [desktop, phone]) {
    await see(s, byTestId(s.page, "event-tool").filter({ hasText: marker }).locator("pre"), "the !echo output");
  }
  await shoot(desktop, "03-messages");
  await shoot(phone, "03-messages");

  // Rename on the phone: the title changes on both and in the desktop's session list.
  await byTestId(phone.page, "rename").tap();
  await byTestId(phone.page, "rename-input").fill("Sofa session");
  await byTestId(phone.page, "rename-input").press("Enter");
  for (const s of [phone, desktop]) {
    await see(s, byTestId(s.page, "session-title").filter({ hasText: "Sofa session" }), "the new title");
  }
  await desktop.page.getByRole("button", { name: "All sessions" }).click();
  await see(desktop, byTestId(desktop.page, "session-item").filter({ hasText: "Sofa session" }), "the new title in the list");
  await shoot(desktop, "04-renamed-list");
  await byTestId(desktop.page, "session-item").filter({ hasText: "Sofa session" }).click();
  await see(desktop, presence(desktop, true), "the session reopened");

  // /help on the phone: the page answers it with what works from here, one entry per line, legible at 390 px.
  await send(phone, "/help");
  const help = byTestId(phone.page, "help-sheet");
  await see(phone, help, "the help sheet");
  const helpText = await help.innerText();
  assert.match(helpText, /\/rename NAME/);
  assert.doesNotMatch(helpText, /\/remote-control|\/mobile/, "no Remote Control commands on a device");
  const commandFont = await help.locator("dt code").first().evaluate((element) => getComputedStyle(element).fontFamily);
  assert.match(commandFont, /monospace/, "commands in a fixed-width font");
  const overflow = await help.evaluate((element) => element.scrollWidth - element.clientWidth);
  assert.ok(overflow <= 0, `the help sheet fits the phone's width (${overflow}px too wide)`);
  await shoot(phone, "04-help");
  await byTestId(phone.page, "help-close").tap();
  assert.equal(await byTestId(desktop.page, "event-notice").filter({ hasText: "/help" }).count(), 0, "the phone's /help reached no log");

  // A mistyped command is refused in words, as the terminal says it; the wire's error code is no reading.
  await send(phone, "/hepl");
  const refused = byTestId(phone.page, "event-error").filter({ hasText: "/hepl" });
  await see(phone, refused, "the answer to a mistyped command");
  assert.equal(await refused.innerText(), "Unknown command /hepl. Type /help to see the commands.");
  assert.equal(await refused.getAttribute("data-code"), "unknown_command");

  // The backend dies: both show the machine offline well within the liveness window.
  const killedAt = Date.now();
  await backend.process.kill("SIGKILL");
  for (const s of [desktop, phone]) {
    await see(s, presence(s, false), "the machine shown offline", 30_000);
    await see(s, byTestId(s.page, "machine-offline"), "the machine-offline banner", 5_000);
  }
  const offlineAfter = Date.now() - killedAt;
  await shoot(desktop, "05-machine-offline");
  await shoot(phone, "05-machine-offline");

  // What the phone sends now waits at the relay, shown as queued.
  await send(phone, "sent while the computer was away");
  await see(phone, byTestId(phone.page, "pending").filter({ hasText: "queued" }), "the queued input");
  await shoot(phone, "06-queued");

  // The backend comes back (same name, same directory: the same session): online again, and the
  // queued message is applied and shows on both.
  const again = await startBackend(java, relay, home, project, "couch");
  assert.equal(again.sessionId, backend.sessionId, "the same session resumed");
  backend = again;
  for (const s of [desktop, phone]) {
    await see(s, presence(s, true), "the machine online again", 30_000);
    await see(s, userMessage(s, "sent while the computer was away"), "the queued message, applied");
  }
  assert.equal(await byTestId(phone.page, "pending").count(), 0, "the queued input settled");
  await shoot(desktop, "07-back-online");
  await shoot(phone, "07-back-online");

  // The relay itself restarts (same data, same port). After 3 s without it both show the reconnect
  // banner and stop claiming the machine is online; then they resubscribe from their cursor.
  await relay.process.kill("SIGTERM");
  for (const s of [desktop, phone]) {
    await see(s, byTestId(s.page, "reconnect-banner"), "the reconnect banner", 10_000);
    assert.equal(await presence(s, true).count(), 0, `${s.name}: no "online" without the relay`);
  }
  await shoot(phone, "08-relay-away");
  relay = await restartRelay(java, relay);
  for (const s of [desktop, phone]) {
    await see(s, presence(s, true), "the machine online after the relay returned", 60_000);
    assert.equal(await byTestId(s.page, "reconnect-banner").count(), 0, `${s.name}: banner gone`);
  }
  await send(desktop, "after the relay came back");
  for (const s of [desktop, phone]) {
    await see(s, userMessage(s, "after the relay came back"), "a message after the relay restart");
    assert.equal(await userMessage(s, "hello from the phone").count(), 1, `${s.name}: nothing shown twice after resubscribing`);
  }
  await shoot(desktop, "09-relay-back");

  // The desktop revokes the phone: its stream dies at once and it is asked to pair again.
  await desktop.page.getByRole("button", { name: "All sessions" }).click();
  await byTestId(desktop.page, "pair-device").click();
  const phoneRow = byTestId(desktop.page, "device").filter({ hasText: "Chrome on Android" });
  await see(desktop, phoneRow, "the phone in the device list");
  await phoneRow.locator('[data-testid="revoke"]').click();
  await see(phone, byTestId(phone.page, "pair-this-device"), "the pair-this-device screen", 30_000);
  await phoneRow.waitFor({ state: "detached", timeout: 10_000 });
  await shoot(phone, "10-revoked");

  // A session URL the account does not have says so instead of spinning.
  await desktop.page.goto(`${relay.url}/s/no-such-session`);
  await see(desktop, desktop.page.getByRole("alert").filter({ hasText: "no-such-session" }), "the unknown-session message");

  // The client kept to its policy the whole time.
  for (const s of [desktop, phone]) {
    assert.deepEqual(s.violations, [], `${s.name}: CSP violations`);
    assert.deepEqual(s.foreignRequests, [], `${s.name}: requests that left the relay`);
  }
  console.log(`machine shown offline ${offlineAfter} ms after the backend was killed`);
});
