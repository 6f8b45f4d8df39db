// A phone paired with two computers (two homes, two content keys: it opened the laptop's link, then the
// desktop's) registers its agreement key under both. When another device of the account is revoked, both
// computers rotate, and each delivers its new key to the phone: a session the laptop starts afterwards
// opens on the phone, though the desktop's link was the last it opened.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, storedRecord, type Surface, surface, until } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

const LAPTOP = "laptop-session-4411";
const DESKTOP = "desktop-session-8023";
const LATER = "laptop-later-session-2290";

let java: string;
let relay: Relay;
const backends: Backend[] = [];
let browser: Browser;
let phone: Surface;
const laptopHome = tempDir("baton-e2e-laptop-");
const desktopHome = tempDir("baton-e2e-desktop-");
const project = tempDir("baton-e2e-project-");

/** The kid of the content key a home's backends hold now, as docs/protocol.md defines it. */
function currentKid(home: string): string {
  return createHash("sha256").update(readFileSync(join(home, "keys", "content-key"))).digest("base64url").slice(0, 16);
}

/** The device ids a home's backend saw listed under its current key (keys/devices). */
function knownDevices(home: string): string {
  try {
    return readFileSync(join(home, "keys", "devices"), "utf8");
  } catch {
    return "";
  }
}

async function registeredKids(): Promise<string[]> {
  const stored = await storedRecord<{ registeredKids: string[] }>(phone.page, "baton-agreement-key", "agreement-key", "current");
  return stored?.registeredKids ?? [];
}

/** A call to the relay with the page's device token. */
function asPhone<T>(method: string, path: string, body?: unknown): Promise<T> {
  return phone.page.evaluate(
    async ({ method, path, body }) => {
      const token = (JSON.parse(localStorage.getItem("baton.device")!) as { deviceToken: string }).deviceToken;
      const response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (response.status === 204 ? null : await response.json()) as T;
    },
    { method, path, body },
  );
}

before(
  async () => {
    requireJar();
    java = findJava();
    browser = await launchChromium();
    relay = await startRelay(java);
    backends.push(await startBackend(java, relay, laptopHome, project, LAPTOP));
    backends.push(await startBackend(java, relay, desktopHome, project, DESKTOP));
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  for (const backend of backends) await backend.process.kill("SIGKILL");
  await relay?.process.kill();
});

test("a phone holding two computers' keys gets the new key of each after a revocation", { timeout: 180_000 }, async () => {
  const [laptop, desktop] = backends as [Backend, Backend];
  const [laptopKid, desktopKid] = [currentKid(laptopHome), currentKid(desktopHome)];
  phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(laptop.url);
  await see(phone, byTestId(phone.page, "session-title").filter({ hasText: LAPTOP }), "the laptop's session");
  const pairedFirst = await phone.page.evaluate(() => (JSON.parse(localStorage.getItem("baton.device")!) as { deviceId: string }).deviceId);
  await phone.page.goto(desktop.url);
  await see(phone, byTestId(phone.page, "session-title").filter({ hasText: DESKTOP }), "the desktop's session");
  const kids = await until("registered under both computers' keys", async () => {
    const registered = await registeredKids();
    return registered.length === 2 ? registered : null;
  });
  assert.deepEqual(kids, [laptopKid, desktopKid], "the key of the link opened last goes last, so the relay lists it first");
  const phoneId = await phone.page.evaluate(() => (JSON.parse(localStorage.getItem("baton.device")!) as { deviceId: string }).deviceId);
  assert.equal(phoneId, pairedFirst, "the phone paired with the second computer as itself");
  const listed = await asPhone<{ devices: { id: string; agreementKids?: string[] }[] }>("GET", "/v1/devices");
  assert.deepEqual(
    listed.devices.map((device) => device.id),
    [phoneId],
    "the account lists the phone once, though it opened two computers' links",
  );
  const self = listed.devices.find((device) => device.id === phoneId)!;
  assert.deepEqual(self.agreementKids, [desktopKid, laptopKid]);

  // Another device of the account, which both computers come to know, is revoked.
  const pairing = await asPhone<{ pairingCode: string }>("POST", "/v1/pairings", {});
  const redeemed = await fetch(`${relay.url}/v1/pairings/redeem`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ pairingCode: pairing.pairingCode, deviceName: "Old tablet" }),
  });
  const tablet = (await redeemed.json()) as { deviceId: string };
  await until("both computers know the phone and the tablet", async () =>
    [laptopHome, desktopHome].every((home) => knownDevices(home).includes(phoneId) && knownDevices(home).includes(tablet.deviceId)),
  );
  await asPhone("DELETE", `/v1/devices/${encodeURIComponent(tablet.deviceId)}`);
  const [newLaptopKid] = await until(
    "both computers rotated",
    async () => {
      const now = [currentKid(laptopHome), currentKid(desktopHome)];
      return now[0] !== laptopKid && now[1] !== desktopKid ? now : null;
    },
    30_000,
  );

  // A session the laptop starts now is under its new key; the phone opens it by its plain address, so
  // the key can only have come as the laptop's delivery.
  const later = await startBackend(java, relay, laptopHome, project, LATER);
  backends.push(later);
  await phone.page.goto(`${relay.url}/s/${encodeURIComponent(later.sessionId)}`);
  await see(phone, byTestId(phone.page, "session-title").filter({ hasText: LATER }), "the laptop's new session, opened with its delivered key");
  await until("registered under the laptop's new key too", async () => (await registeredKids()).includes(newLaptopKid!));
  assert.deepEqual(phone.violations, [], "CSP violations");
});
