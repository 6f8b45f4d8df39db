// End-to-end encryption seen from a phone: a message typed on the page is answered and rendered at
// 390 px, while neither the bytes on the phone's socket to the relay (Chromium's own record of its
// WebSocket frames), nor those on the backend's socket to the relay (read by a proxy between them), nor
// the relay's stored data ever hold its text. Then a relay that alters an event on its way: a second
// device, reached through a proxy that flips one character of that event's sealed body, does not show it,
// says so, and keeps its cursor, so the honest copy shows once the relay stops tampering; an event the
// relay withholds makes the next one arrive out of order, which is refused and reported the same way.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, shoot, storedKeys, type Surface, surface, until } from "./browser.ts";
import { FakeModel } from "./fake-model.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";
import { WebSocketProxy } from "./ws-proxy.ts";

const QUESTION = "zebra-question-8311: what is in the vault?";
const ANSWER = "quokka-answer-5127 is in the vault.";
const TITLE = "narwhal-title-2093";
const TAMPERED = "ibis-message-4471 for both devices";
const WITHHELD = "okapi-message-6602, held back once";

let relay: Relay;
let backend: Backend;
let browser: Browser;
let model: FakeModel;
/** Between the backend and the relay: what the host's socket carries. */
let hostSide: WebSocketProxy;
/** Between the second device and the relay: the relay as a tamperer. */
let deviceSide: WebSocketProxy;
let phone: Surface;
const phoneFrames: string[] = [];
const home = tempDir("baton-e2e-e2ee-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    const java = findJava();
    model = await FakeModel.start();
    browser = await launchChromium();
    hostSide = await WebSocketProxy.start();
    deviceSide = await WebSocketProxy.start();
    relay = await startRelay(java, ["--allow-origin", deviceSide.url]);
    hostSide.target = deviceSide.target = Number(new URL(relay.url).port);
    backend = await startBackend(java, { ...relay, url: hostSide.url }, home, project, TITLE, {
      BATON_PROVIDER: "openai",
      BATON_MODEL: "fake",
      OPENAI_BASE_URL: model.baseUrl,
    });
    phone = await surface(browser, "phone", relay.url);
    const cdp = await phone.context.newCDPSession(phone.page);
    const keep = (event: { response: { payloadData: string } }) => void phoneFrames.push(event.response.payloadData);
    cdp.on("Network.webSocketFrameSent", keep);
    cdp.on("Network.webSocketFrameReceived", keep);
    await cdp.send("Network.enable");
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await backend?.process.kill("SIGKILL");
  await relay?.process.kill();
  await model?.close();
  await hostSide?.close();
  await deviceSide?.close();
});

test("a message is answered and rendered at 390 px, and no socket or stored byte of the relay holds its text", { timeout: 120_000 }, async () => {
  assert.match(backend.url, /#pair=[^&]+&key=[A-Za-z0-9_-]{43}$/, "the pairing link carries the content key in its fragment");
  await phone.page.goto(backend.url);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the machine online");
  assert.equal(new URL(phone.page.url()).hash, "", "the code and the key left the address bar");
  const kept = (await storedKeys(phone.page, "baton-keys", "content-keys")).length;
  assert.equal(kept, 1, "the content key is kept in IndexedDB");
  await see(phone, byTestId(phone.page, "session-title").filter({ hasText: TITLE }), "the title, opened");

  model.enqueue({ text: [ANSWER.slice(0, 12), ANSWER.slice(12)], paceMs: 100 });
  await byTestId(phone.page, "composer").fill(QUESTION);
  await byTestId(phone.page, "composer").press("Enter");
  await see(phone, byTestId(phone.page, "event-user").filter({ hasText: QUESTION }), "the question, committed");
  await see(phone, phone.page.locator('[data-testid="event-assistant"]:not([data-streaming])').filter({ hasText: ANSWER }), "the answer", 20_000);
  await phone.page.waitForFunction(() => document.querySelectorAll('[data-testid="pending"]').length === 0);
  await shoot(phone, "e2ee-01-answered");

  // The list, too, shows the title opened on the phone.
  await phone.page.goto(relay.url + "/");
  await see(phone, byTestId(phone.page, "session-item").filter({ hasText: TITLE }), "the title in the list");

  const secrets = [QUESTION.slice(0, 20), ANSWER.slice(0, 18), TITLE];
  assert.ok(phoneFrames.some((frame) => frame.includes('"sealed"')), "the phone's socket carried sealed frames");
  assert.ok(phoneFrames.some((frame) => frame.includes('"type":"input"')), "the phone sent its input");
  for (const secret of secrets) {
    assert.deepEqual(phoneFrames.filter((frame) => frame.includes(secret)), [], `the phone's socket carried "${secret}"`);
  }
  const hostMessages = hostSide.messages.map((message) => message.text);
  assert.ok(hostMessages.some((text) => text.includes('"sealed"')), "the host's socket carried sealed frames");
  for (const secret of secrets) {
    assert.deepEqual(hostMessages.filter((text) => text.includes(secret)), [], `the host's socket carried "${secret}"`);
  }

  assert.deepEqual(phone.violations, [], "CSP violations");
  assert.deepEqual(phone.foreignRequests, [], "requests that left the relay");
});

test("an event the relay alters or withholds is not shown out of place: the page says so and keeps its cursor", { timeout: 120_000 }, async () => {
  // The phone pairs a second device; the link it shows carries the content key the phone holds.
  await phone.page.goto(`${relay.url}/s/${encodeURIComponent(backend.sessionId)}`);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the machine online");
  await byTestId(phone.page, "composer").fill("/mobile");
  await byTestId(phone.page, "composer").press("Enter");
  await see(phone, byTestId(phone.page, "pairing-link"), "the pairing link");
  const link = new URL(await byTestId(phone.page, "pairing-link").inputValue());
  assert.match(link.hash, /^#pair=[^&]+&key=[A-Za-z0-9_-]{43}$/, "the phone passes its content key on");

  // The second device reaches the relay through the proxy, which for now passes everything on.
  const second = await surface(browser, "second", deviceSide.url);
  await second.page.setViewportSize({ width: 390, height: 844 });
  await second.page.goto(deviceSide.url + link.pathname + link.hash);
  await see(second, second.page.locator('[data-testid="presence"][data-online="true"]'), "the machine online on the second device");
  await see(second, byTestId(second.page, "event-user").filter({ hasText: QUESTION }), "the history, opened with the passed-on key");

  // From now on the relay alters the next user message it forwards, each time it forwards it.
  let seq: number | null = null;
  let altered = 0;
  deviceSide.tamper = (text) => {
    if (seq === null) {
      const found = text.startsWith('{"type":"events"') ? /"seq":(\d+),[^{}]*"type":"user_message"/.exec(text) : null;
      if (!found) return null;
      seq = Number(found[1]);
    }
    const changed = flipSealed(text, seq);
    if (changed) altered++;
    return changed;
  };
  model.enqueue({ text: ["Noted."] });
  await byTestId(phone.page, "composer").fill(TAMPERED);
  await byTestId(phone.page, "composer").press("Enter");
  await see(phone, byTestId(phone.page, "event-user").filter({ hasText: TAMPERED }), "the message on the phone, which the relay did not alter");

  const banner = byTestId(second.page, "verification-failed");
  await see(second, banner, "the verification message", 20_000);
  assert.equal(await banner.innerText(), `An event from the relay failed verification and was not shown (seq ${seq}).`);
  // The stream resubscribed from the cursor it kept, and was handed the altered event once more.
  await until("the altered event sent again", async () => altered >= 2, 30_000);
  assert.equal(await byTestId(second.page, "event-user").filter({ hasText: TAMPERED }).count(), 0, "the altered event is not shown");
  await shoot(second, "e2ee-02-tampered");

  // The relay stops tampering: the event the device never took shows, from the cursor it kept.
  deviceSide.tamper = null;
  await see(second, byTestId(second.page, "event-user").filter({ hasText: TAMPERED }), "the honest copy", 30_000);
  assert.equal(await byTestId(second.page, "event-user").filter({ hasText: TAMPERED }).count(), 1);
  await shoot(second, "e2ee-03-honest");

  // Now the relay withholds the next user message once: what follows it arrives out of order, is
  // refused and reported, and the device, its cursor kept, gets the withheld event when it asks again.
  let withheld: number | null = null;
  deviceSide.withhold = (text) => {
    if (withheld !== null || !text.startsWith('{"type":"events"')) return false;
    const found = /"seq":(\d+),[^{}]*"type":"user_message"/.exec(text);
    if (found) withheld = Number(found[1]);
    return found !== null;
  };
  model.enqueue({ text: ["Noted again."] });
  await byTestId(phone.page, "composer").fill(WITHHELD);
  await byTestId(phone.page, "composer").press("Enter");
  await see(phone, phone.page.locator('[data-testid="event-assistant"]').filter({ hasText: "Noted again." }), "the reply on the phone", 20_000);
  await until("the out-of-order report", async () => {
    const text = await banner.innerText();
    const reported = /\(seq (\d+)\)/.exec(text);
    return withheld !== null && reported !== null && Number(reported[1]) > withheld;
  });
  await see(second, byTestId(second.page, "event-user").filter({ hasText: WITHHELD }), "the withheld event, asked for again", 30_000);
  assert.equal(await byTestId(second.page, "event-user").filter({ hasText: WITHHELD }).count(), 1);
  assert.deepEqual(second.violations, [], "CSP violations");
  assert.deepEqual(second.foreignRequests, [], "requests that left the relay");
});

test("a device paired without the content key shows the session as locked, with what to do, and none of it", { timeout: 60_000 }, async () => {
  // A link passed on by hand without its key, as from a device that never held one.
  await byTestId(phone.page, "pairing-close").click();
  await byTestId(phone.page, "composer").fill("/mobile");
  await byTestId(phone.page, "composer").press("Enter");
  await see(phone, byTestId(phone.page, "pairing-link"), "a new pairing link");
  const link = new URL(await byTestId(phone.page, "pairing-link").inputValue());
  const code = new URLSearchParams(link.hash.slice(1)).get("pair");
  const keyless = await surface(browser, "keyless", relay.url);
  await keyless.page.goto(`${relay.url}${link.pathname}#pair=${code}`);
  const locked = byTestId(keyless.page, "session-locked");
  await see(keyless, locked, "the locked session");
  assert.match(await locked.innerText(), /Pair this device from that machine/);
  assert.equal(await byTestId(keyless.page, "composer").count(), 0, "nothing can be typed into it");
  assert.doesNotMatch(await keyless.page.locator("#app").innerText(), new RegExp(`${QUESTION.slice(0, 20)}|${TITLE}`));
  await shoot(keyless, "e2ee-04-locked");
  await keyless.page.goto(`${relay.url}/`);
  await see(keyless, byTestId(keyless.page, "session-item").filter({ hasText: "Locked session" }), "the session locked in the list");
  await see(keyless, byTestId(keyless.page, "session-locked-note"), "what to do about it");
  assert.doesNotMatch(await keyless.page.locator("#app").innerText(), new RegExp(TITLE));
});

test("the relay's stored data holds the session but none of its words", { timeout: 60_000 }, async () => {
  // MVStore commits on stop, so everything the relay kept is on disk now.
  await relay.process.kill();
  const stored = files(join(relay.home, "relay")).map((file) => readFileSync(file).toString("latin1"));
  assert.ok(stored.some((bytes) => bytes.includes(backend.sessionId)), "the store holds the session");
  for (const secret of [QUESTION.slice(0, 20), ANSWER.slice(0, 18), TITLE, TAMPERED.slice(0, 16), WITHHELD.slice(0, 16)]) {
    assert.equal(stored.filter((bytes) => bytes.includes(secret)).length, 0, `the relay stored "${secret}"`);
  }
});

/** Every file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The frame with one character of event `seq`'s sealed body changed (same length), or null when it does not carry it. */
function flipSealed(text: string, seq: number): string | null {
  const start = text.indexOf(`{"seq":${seq},`);
  if (start < 0) return null;
  const sealed = text.indexOf('"sealed":"', start);
  if (sealed < 0 || sealed > text.indexOf("}", start)) return null;
  const at = sealed + '"sealed":"'.length + 5;
  return text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
}
