// `/mobile` typed on the web page: the page mints a pairing code itself and shows it as a QR code and
// a link, to this device only. The QR code decodes to a link that pairs a second device, and the code
// is in no event and in no line of the session's log. The same link without the session's path (what the
// terminal's QR code carries) opens the session too. Then server mode seen from the same phone: an
// environment registered with spawn mode same-dir (through the relay's backend API, as a server-mode
// backend would) offers "New session"; a refusal shows as a message.
import assert from "node:assert/strict";
import { createCipheriv, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import jsQR from "jsqr";
import type { Browser, Locator } from "playwright-core";
import { byTestId, launchChromium, see, shoot, type Surface, surface } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

let relay: Relay;
let backend: Backend;
let browser: Browser;
/** The phone that pairs the second device, then asks for a server-mode session. */
let phone: Surface;
const home = tempDir("baton-e2e-pairing-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    const java = findJava();
    browser = await launchChromium();
    relay = await startRelay(java);
    // One session only, so the grouped list below has a computer that cannot spawn.
    backend = await startBackend(java, relay, home, project, "pairing", {}, ["--spawn", "session"]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await backend?.process.kill("SIGKILL");
  await relay?.process.kill();
});

/** Reads the QR code the page shows, from the image's own pixels, as a phone's camera would. */
async function decodeQr(image: Locator): Promise<string> {
  const { width, height, pixels } = await image.evaluate((element) => {
    const img = element as HTMLImageElement;
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(img, 0, 0);
    return { width: canvas.width, height: canvas.height, pixels: Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) };
  });
  const code = jsQR(Uint8ClampedArray.from(pixels), width, height);
  assert.ok(code, `no QR code found in the ${width}×${height} image`);
  return code.data;
}

test("/mobile shows a QR code that pairs a second device, and the code reaches no log", { timeout: 180_000 }, async () => {
  phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(backend.url);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the machine online");
  await see(phone, byTestId(phone.page, "transcript-empty"), "what a new session takes, before anything is in it");

  await byTestId(phone.page, "composer").fill("/mobile");
  await byTestId(phone.page, "composer").press("Enter");
  const sheet = byTestId(phone.page, "pairing-sheet");
  await see(phone, sheet.locator('[data-testid="pairing-qr"]'), "the pairing QR code");
  const link = await sheet.locator('[data-testid="pairing-link"]').inputValue();
  await shoot(phone, "pairing-01-mobile");
  assert.equal(await decodeQr(sheet.locator('[data-testid="pairing-qr"]')), link, "the QR code holds the link shown");
  const fragment = new URLSearchParams(new URL(link).hash.slice(1));
  const code = fragment.get("pair") ?? "";
  assert.ok(code.length >= 16, `a pairing code in the link: ${link}`);
  const key = fragment.get("key") ?? "";
  assert.match(key, /^[A-Za-z0-9_-]{43}$/, "the phone passes on the content key it holds");
  assert.equal(await byTestId(phone.page, "event-user").filter({ hasText: "/mobile" }).count(), 0, "the command went to no one");

  // The copy button puts the link on the clipboard.
  await phone.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: relay.url });
  await sheet.locator('[data-testid="pairing-copy"]').click();
  await see(phone, sheet.locator('[data-testid="pairing-copy"]').filter({ hasText: "Copied" }), "the copied state");
  assert.equal(await phone.page.evaluate(() => navigator.clipboard.readText()), link);

  // A second device opens what it scanned: it pairs and lands in the session.
  const second = await surface(browser, "second", relay.url);
  await second.page.goto(await decodeQr(sheet.locator('[data-testid="pairing-qr"]')));
  await see(second, second.page.locator('[data-testid="presence"][data-online="true"]'), "the session on the second device");
  assert.equal(new URL(second.page.url()).pathname, `/s/${backend.sessionId}`);
  await byTestId(phone.page, "pairing-close").click();
  assert.equal(await byTestId(phone.page, "pairing-sheet").count(), 0, "the sheet closes");

  // The terminal's QR code carries the link without the session's path (a smaller code): the relay names
  // the session on redeem, and the page opens it.
  await byTestId(phone.page, "composer").fill("/mobile");
  await byTestId(phone.page, "composer").press("Enter");
  const fresh = new URL(await byTestId(phone.page, "pairing-sheet").locator('[data-testid="pairing-link"]').inputValue());
  assert.equal(fresh.pathname, `/s/${backend.sessionId}`);
  const third = await surface(browser, "third", relay.url);
  await third.page.goto(`${fresh.origin}/${fresh.hash}`);
  await see(third, third.page.locator('[data-testid="presence"][data-online="true"]'), "the session, from the link without its path");
  assert.equal(new URL(third.page.url()).pathname, `/s/${backend.sessionId}`);
  assert.equal(new URL(third.page.url()).hash, "", "the code and key left the address bar");
  await byTestId(phone.page, "pairing-close").click();

  // Something committed after the pairing proves the second device gets the log up to now.
  await byTestId(phone.page, "composer").fill("!echo after-pairing");
  await byTestId(phone.page, "composer").press("Enter");
  await see(second, byTestId(second.page, "event-tool").filter({ hasText: "after-pairing" }).locator("pre"), "the later output");

  // The code is in no event the devices hold, and in no file of the session's log.
  for (const s of [phone, second]) {
    assert.doesNotMatch(await byTestId(s.page, "transcript").innerText(), new RegExp(code), `${s.name}: the code in the transcript`);
  }
  const sessions = join(home, "sessions");
  for (const dir of readdirSync(sessions)) {
    for (const file of readdirSync(join(sessions, dir))) {
      const text = readFileSync(join(sessions, dir, file), "utf8");
      assert.ok(!text.includes(code), `the code in ${dir}/${file}`);
      assert.ok(!text.includes(key), `the content key in ${dir}/${file}`);
    }
  }
  assert.deepEqual([...phone.violations, ...second.violations], [], "CSP violations");
  assert.deepEqual([...phone.foreignRequests, ...second.foreignRequests], [], "requests that left the relay");
});

/** The shared seal (AES-256-GCM, nonce || ciphertext || tag, base64url), done here with Node's own crypto. */
function seal(key: Buffer, text: string, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce).setAAD(Buffer.from(aad, "utf8"));
  const sealed = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** A call to the relay's backend API with the account's token, as `baton` in server mode makes it. */
async function backendApi<T>(path: string, token: string, body: object): Promise<T> {
  const response = await fetch(`${relay.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

test("the refresh credential lives in an HttpOnly cookie the page cannot read, and Chromium sends it to renew", { timeout: 60_000 }, async () => {
  const stored = await phone.page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.match(stored, /btd_/, "the short-lived device token is kept");
  assert.doesNotMatch(stored, /btr_/, "no refresh credential in localStorage");
  assert.doesNotMatch(await phone.page.evaluate(() => document.cookie), /baton_refresh/, "script cannot see the cookie");
  const cookies = await phone.context.cookies();
  const refresh = cookies.find((cookie) => cookie.name === "baton_refresh");
  assert.ok(refresh, `the browser holds the refresh cookie: ${cookies.map((cookie) => cookie.name).join(", ")}`);
  assert.equal(refresh.httpOnly, true);
  assert.equal(refresh.sameSite, "Strict");
  assert.equal(refresh.path, "/v1/devices/refresh");

  // The page's own renewal, as it runs when a call meets an expired token: Chromium attaches the cookie.
  const renewed = await phone.page.evaluate(async () => {
    const response = await fetch("/v1/devices/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  assert.match(renewed.body.deviceToken, /^btd_/);
  assert.equal(renewed.body.refreshToken, undefined, "a browser's renewal answers without the credential");
  const rotated = (await phone.context.cookies()).find((cookie) => cookie.name === "baton_refresh");
  assert.notEqual(rotated?.value, refresh.value, "the cookie now holds the next credential");
});

test("the devices screen sets what this phone is pushed: off, prompts, or prompts and finished turns", { timeout: 60_000 }, async () => {
  // Headless Chromium has no push service, so PushManager hands out a subscription the way a real one
  // would (an https endpoint and real P-256 keys); everything after it, the relay included, is real.
  const jwk = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  // As a string: the test's TypeScript compiler would wrap named functions in helpers the page lacks.
  const keys = JSON.stringify({ p256dh: point.toString("base64url"), auth: Buffer.alloc(16, 7).toString("base64url") });
  await phone.context.addInitScript(`{
    const endpoint = "https://push.example.com/send/phone";
    const subscription = {
      endpoint,
      options: { applicationServerKey: null },
      toJSON() { return { endpoint, keys: ${keys} }; },
      async unsubscribe() { localStorage.removeItem("fake-push"); return true; },
    };
    PushManager.prototype.subscribe = async function () { localStorage.setItem("fake-push", "1"); return subscription; };
    PushManager.prototype.getSubscription = async function () { return localStorage.getItem("fake-push") ? subscription : null; };
  }`);
  await phone.context.grantPermissions(["notifications"], { origin: relay.url });
  const relaySays = () =>
    phone.page.evaluate(async () => {
      const token = JSON.parse(localStorage.getItem("baton.device") ?? "{}").deviceToken;
      const response = await fetch("/v1/devices/current/push", { headers: { Authorization: `Bearer ${token}` } });
      return response.status === 200 ? (await response.json()).notify : response.status;
    });

  await phone.page.goto(`${relay.url}/`);
  await byTestId(phone.page, "pair-device").click();
  const choice = byTestId(phone.page, "notifications");
  await see(phone, choice.locator('[data-testid="notify-off"]:checked'), "notifications off at first");
  await byTestId(phone.page, "notify-turns").check();
  await see(phone, phone.page.locator('[data-testid="notifications"][data-notify="turns"]'), "turns chosen");
  assert.equal(await relaySays(), "turns");
  await shoot(phone, "pairing-02-notifications");

  await phone.page.reload();
  await byTestId(phone.page, "pair-device").click();
  await see(phone, byTestId(phone.page, "notify-turns").locator(":scope:checked"), "the choice read back from the relay");
  await byTestId(phone.page, "notify-prompts").check();
  await see(phone, phone.page.locator('[data-testid="notifications"][data-notify="prompts"]'), "prompts chosen");
  assert.equal(await relaySays(), "prompts");
  await byTestId(phone.page, "notify-off").check();
  await see(phone, phone.page.locator('[data-testid="notifications"][data-notify="off"]'), "off chosen");
  assert.equal(await relaySays(), 404);
});

test("sessions are grouped by computer; a server-mode one offers New session and says why it cannot", { timeout: 120_000 }, async () => {
  // This test plays a server-mode `baton` of the same account: it seals its environment's names under
  // the account's content key, the one the pairing link carried. A session it registers has no host
  // yet, so no key and no title anything could open.
  const contentKey = Buffer.from(new URLSearchParams(new URL(backend.url).hash.slice(1)).get("key") ?? "", "base64url");
  const environmentField = (field: string, value: string) => seal(contentKey, value, `baton/2/environment|${field}`);
  const server = await backendApi<{ environmentId: string; environmentToken: string }>("/v1/environments", relay.token, {
    name: environmentField("name", "build box"),
    hostname: environmentField("hostname", "build"),
    directory: environmentField("directory", "/home/builder/src/tools"),
    spawnMode: "same-dir",
    capacity: 1,
  });
  const untitled = await backendApi<{ sessionId: string }>(`/v1/environments/${server.environmentId}/sessions`, server.environmentToken, {});
  // An untitled session is called by its id, as the backend's status screen calls it, so several can be told apart.
  const untitledName = `Session ${untitled.sessionId.replace(/^ses_/, "").slice(0, 8)}`;

  await phone.page.goto(`${relay.url}/`);
  const buildBox = byTestId(phone.page, "environment").filter({ hasText: "build box" });
  await see(phone, buildBox.locator('[data-testid="session-item"]').filter({ hasText: untitledName }), "the server-mode session under its computer, by its id");
  const laptop = byTestId(phone.page, "environment").filter({ hasText: "pairing" });
  await see(phone, laptop.locator('[data-testid="session-item"]'), "the remote-control session under its own computer");
  assert.equal(await laptop.locator('[data-testid="spawn-session"]').count(), 0, "a single-session environment (--spawn session) offers no New session");
  assert.equal(await laptop.getAttribute("data-online"), "true", "the hosting computer shows online");
  // Each computer also says which directory it works in, so two environments of one machine can be told apart.
  const directoryOf = async (environment: typeof laptop) => (await environment.locator('[data-testid="environment-directory"]').innerText()).replaceAll("\u200e", "");
  assert.equal(await directoryOf(buildBox), "~/src/tools", "the server-mode computer's directory, from its home");
  assert.equal(await directoryOf(laptop), project, "the remote-control computer's directory, opened");
  await shoot(phone, "server-01-grouped");

  // New session: the relay makes it and the app opens it.
  await buildBox.locator('[data-testid="spawn-session"]').click();
  await phone.page.waitForURL(/\/s\/ses_/, { timeout: 20_000 });
  const spawned = new URL(phone.page.url()).pathname.slice("/s/".length);
  await phone.page.getByRole("button", { name: "All sessions" }).click();
  await see(phone, buildBox.locator(`[data-session-id="${spawned}"]`), "the new session in the list");

  // The environment is at capacity now: the refusal says so.
  await buildBox.locator('[data-testid="spawn-session"]').click();
  const refusal = buildBox.locator('[data-testid="spawn-error"]');
  await see(phone, refusal, "the refusal");
  assert.match(await refusal.innerText(), /Could not start a new session: .*already runs 1 of its 1 sessions/);
  await shoot(phone, "server-02-capacity");
});
