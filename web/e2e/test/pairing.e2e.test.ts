// `/mobile` typed on the web page: the page mints a pairing code itself and shows it as a QR code and
// a link, to this device only. The QR code decodes to a link that pairs a second device, and the code
// is in no event and in no line of the session's log.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import jsQR from "jsqr";
import type { Browser, Locator } from "playwright-core";
import { byTestId, launchChromium, see, shoot, surface } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

let relay: Relay;
let backend: Backend;
let browser: Browser;
const home = tempDir("baton-e2e-pairing-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    const java = findJava();
    browser = await launchChromium();
    relay = await startRelay(java);
    backend = await startBackend(java, relay, home, project, "pairing");
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
  const phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(backend.url);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the machine online");

  await byTestId(phone.page, "composer").fill("/mobile");
  await byTestId(phone.page, "composer").press("Enter");
  const sheet = byTestId(phone.page, "pairing-sheet");
  await see(phone, sheet.locator('[data-testid="pairing-qr"]'), "the pairing QR code");
  const link = await sheet.locator('[data-testid="pairing-link"]').inputValue();
  await shoot(phone, "pairing-01-mobile");
  assert.equal(await decodeQr(sheet.locator('[data-testid="pairing-qr"]')), link, "the QR code holds the link shown");
  const code = new URL(link).hash.replace(/^#pair=/, "");
  assert.ok(code.length >= 16, `a pairing code in the link: ${link}`);
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
      assert.ok(!readFileSync(join(sessions, dir, file), "utf8").includes(code), `the code in ${dir}/${file}`);
    }
  }
  assert.deepEqual([...phone.violations, ...second.violations], [], "CSP violations");
  assert.deepEqual([...phone.foreignRequests, ...second.foreignRequests], [], "requests that left the relay");
});
