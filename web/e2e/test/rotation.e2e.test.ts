// Content-key rotation seen from a phone: the page registers its agreement key when it pairs; another
// device of the account, which registered none (the Devices screen says it would need pairing again), is
// revoked there; the backend notices, makes a new content key and delivers it to the phone only; a
// session started after the revocation is wrapped under the new key, and the phone, which never saw that
// key in a link, gets the delivery and opens the session. A relay that alters the delivery to the page:
// the page refuses the key and says so. A push for the new session: the service worker fetches the
// delivery itself and names the session. The revoked device can fetch nothing.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, pushToWorker, see, shoot, storedKeys, storedRecord, type Surface, surface, until } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

const FIRST = "heron-session-3307";
const SECOND = "marmot-session-5519";

let java: string;
let relay: Relay;
let first: Backend;
let second: Backend | undefined;
let browser: Browser;
let phone: Surface;
const home = tempDir("baton-e2e-rotation-");
const project = join(home, "project");
mkdirSync(project);

/** The kid of the content key the backends of this home hold now, as docs/protocol.md defines it. */
function currentKid(): string {
  const raw = readFileSync(join(home, "keys", "content-key"));
  return createHash("sha256").update(raw).digest("base64url").slice(0, 16);
}

/** What the page keeps about its agreement key (never the private key's bytes: it cannot be read out). */
async function agreementRecord(): Promise<{ registeredKids: string[]; extractable: boolean } | null> {
  type Stored = { registeredKids: string[]; privateKey: { extractable: boolean } };
  const stored = await storedRecord<Stored>(phone.page, "baton-agreement-key", "agreement-key", "current");
  return stored ? { registeredKids: stored.registeredKids, extractable: stored.privateKey.extractable } : null;
}

function contentKids(): Promise<string[]> {
  return storedKeys(phone.page, "baton-keys", "content-keys");
}

/** One character of a base64url text changed, so it still decodes but no longer verifies. */
function flipped(text: string): string {
  const i = Math.floor(text.length / 2);
  return text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
}

before(
  async () => {
    requireJar();
    java = findJava();
    browser = await launchChromium();
    relay = await startRelay(java);
    first = await startBackend(java, relay, home, project, FIRST);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await second?.process.kill("SIGKILL");
  await first?.process.kill("SIGKILL");
  await relay?.process.kill();
});

test("a device revoked on the Devices screen: the backend rotates, and the phone opens a session started afterwards", { timeout: 180_000 }, async () => {
  const oldKid = currentKid();
  phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(first.url);
  await see(phone, byTestId(phone.page, "session-title").filter({ hasText: FIRST }), "the first session's title");
  const registered = await until("the agreement key registered", async () => {
    const record = await agreementRecord();
    return record?.registeredKids.length ? record : null;
  });
  assert.deepEqual(registered, { registeredKids: [oldKid], extractable: false });

  // Another device of the account: paired with a code this phone makes, as a tablet would redeem it.
  const pairing = await phone.page.evaluate(async () => {
    const token = (JSON.parse(localStorage.getItem("baton.device")!) as { deviceToken: string }).deviceToken;
    const response = await fetch("/v1/pairings", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: "{}",
    });
    return (await response.json()) as { pairingCode: string };
  });
  const redeemed = await fetch(`${relay.url}/v1/pairings/redeem`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ pairingCode: pairing.pairingCode, deviceName: "Old tablet" }),
  });
  assert.equal(redeemed.status, 200);
  const tablet = (await redeemed.json()) as { deviceId: string; deviceToken: string };

  // The phone revokes it on its Devices screen.
  await phone.page.goto(relay.url + "/");
  await byTestId(phone.page, "pair-device").click();
  const row = byTestId(phone.page, "device").filter({ hasText: "Old tablet" });
  await see(phone, row, "the tablet in the device list");
  // The tablet registered no agreement key, so no rotation could reach it; the phone did.
  await see(phone, row.locator('[data-testid="device-pair-again"]').filter({ hasText: "Pair again to keep access after a revocation." }), "the hint on the tablet");
  const self = byTestId(phone.page, "device").filter({ hasText: "(this device)" });
  assert.equal(await self.locator('[data-testid="device-pair-again"]').count(), 0, "the hint on the phone, which registered");
  await row.scrollIntoViewIfNeeded();
  await shoot(phone, "rotation-01-devices");
  await row.locator('[data-testid="revoke"]').click();
  await phone.page.waitForFunction(() => !Array.from(document.querySelectorAll('[data-testid="device"]')).some((d) => d.textContent?.includes("Old tablet")));

  const newKid = await until("the backend rotated its content key", async () => {
    const kid = currentKid();
    return kid !== oldKid ? kid : null;
  }, 30_000);

  // A session started after the revocation, under the new key. Its own link would carry that key; the
  // phone opens it by its plain address instead, so the key can only have come as a delivery.
  second = await startBackend(java, relay, home, project, SECOND);

  // First a relay that alters what it delivers: the page does not take the key, says so once, and the new
  // session stays locked.
  await phone.page.route("**/v1/devices/current/content-keys", async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { keys: { auth: string }[] };
    assert.ok(body.keys.length > 0, "a delivery for the phone");
    await route.fulfill({ response, json: { keys: body.keys.map((key) => ({ ...key, auth: flipped(key.auth) })) } });
  });
  await phone.page.goto(relay.url + "/");
  await see(phone, byTestId(phone.page, "list-notice").filter({ hasText: "A key from the relay failed verification and was not used." }), "the refusal");
  await see(phone, byTestId(phone.page, "session-locked-note"), "the sessions under the new key, locked");
  assert.equal(await byTestId(phone.page, "session-item").filter({ hasText: SECOND }).count(), 0, "the new session's title was opened");
  await shoot(phone, "rotation-02-refused");
  assert.deepEqual(await contentKids(), [oldKid], "the altered key was not kept");

  // A pocketed phone meets the new key first in a push. Its service worker buys a token with the refresh
  // cookie, fetches the delivery itself (the page's requests are still being altered, the worker's are
  // not) and names the session. Headless Chromium has no push service: DevTools hands the worker the push.
  await phone.context.grantPermissions(["notifications"], { origin: relay.url });
  await phone.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  const listed = await phone.page.evaluate(async (sessionId) => {
    const token = (JSON.parse(localStorage.getItem("baton.device")!) as { deviceToken: string }).deviceToken;
    const list = (await (await fetch("/v1/sessions", { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      sessions: { id: string; title: string; key: { kid: string } }[];
    };
    return list.sessions.find((session) => session.id === sessionId)!;
  }, second.sessionId);
  assert.equal(listed.key.kid, newKid, "the new session's key is wrapped under the new content key");
  const cdp = await phone.context.newCDPSession(phone.page);
  const pushed = JSON.stringify({ kind: "permission", sessionId: second.sessionId, requestId: "call_1", title: listed.title, key: listed.key });
  assert.equal(await pushToWorker(cdp, relay.url, pushed), "Success", "how the worker's push event ended");
  const shown = await until("the worker's notification", () =>
    phone.page.evaluate(async () => {
      const notifications = await (await navigator.serviceWorker.ready).getNotifications();
      return notifications.length > 0 ? notifications.map((n) => n.title) : null;
    }),
  );
  assert.deepEqual(shown, [`Permission needed — ${SECOND}`]);
  assert.deepEqual((await contentKids()).sort(), [oldKid, newKid].sort(), "the worker kept the delivered key for the page");
  await phone.page.unroute("**/v1/devices/current/content-keys");

  // The page opens the new session with the key the worker kept.
  await phone.page.goto(`${relay.url}/s/${encodeURIComponent(second.sessionId)}`);
  await see(phone, byTestId(phone.page, "session-title").filter({ hasText: SECOND }), "the new session's title, opened with the delivered key");
  await shoot(phone, "rotation-03-new-session");
  await until("the agreement key registered under the new key", async () => (await agreementRecord())?.registeredKids.includes(newKid) ?? false);

  // The list opens both sessions' titles; nothing failed verification.
  await phone.page.goto(relay.url + "/");
  await see(phone, byTestId(phone.page, "session-item").filter({ hasText: SECOND }), "the new session in the list");
  await see(phone, byTestId(phone.page, "session-item").filter({ hasText: FIRST }), "the first session in the list");
  assert.equal(await byTestId(phone.page, "list-notice").count(), 0, "a delivered key failed verification");
  // Both computers' names open: the first one's, sealed before the rotation, whichever key it is under by now.
  await see(phone, byTestId(phone.page, "environment").filter({ hasText: FIRST }), "the first environment's name");
  await see(phone, byTestId(phone.page, "environment").filter({ hasText: SECOND }), "the second environment's name, under the new key");
  await shoot(phone, "rotation-04-list");

  // The revoked tablet can fetch no key.
  const fetched = await fetch(`${relay.url}/v1/devices/current/content-keys`, { headers: { Authorization: `Bearer ${tablet.deviceToken}` } });
  assert.equal(fetched.status, 401);
  assert.deepEqual(phone.violations, [], "CSP violations");
  assert.deepEqual(phone.foreignRequests, [], "requests that left the relay");
});
