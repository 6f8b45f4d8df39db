// The web client as an installed app on a small phone (360 px): Chromium's own installability check
// passes, the service worker is active and controls the page, and with the relay gone a reload still
// shows the app with the session as the phone last saw it (and the machine offline), not the browser's
// error page; an input typed then survives a reload and is delivered once when the relay is back.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { byTestId, launchPersistentChromium, pushToWorker, see, shoot, storedRecord, type Surface, until } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, restartRelay, startBackend, startRelay, tempDir } from "./processes.ts";

let java: string;
let relay: Relay;
let backend: Backend;
let context: BrowserContext | undefined;
const home = tempDir("baton-e2e-install-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    java = findJava();
    relay = await startRelay(java);
    backend = await startBackend(java, relay, home, project, "pocket");
  },
  { timeout: 120_000 },
);

after(async () => {
  await context?.close();
  await backend?.process.kill("SIGKILL");
  await relay?.process.kill();
});

test("installable at 360 px, with a service worker that opens the app shell while the relay is down", { timeout: 120_000 }, async () => {
  // A profile on disk: Chromium treats a throwaway context as incognito, where nothing installs.
  context = await launchPersistentChromium(join(home, "profile"), { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = context.pages()[0] ?? (await context.newPage());
  const phone: Surface = { name: "installable", context, page, violations: [], foreignRequests: [] };
  const relayHost = new URL(relay.url).host;
  context.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("data:") && new URL(url).host !== relayHost) phone.foreignRequests.push(url);
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) phone.violations.push(message.text());
  });

  await page.goto(backend.url);
  await see(phone, page.locator('[data-testid="presence"][data-online="true"]'), "the session online");

  // The worker installs (caching the shell) and takes control of the page.
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // ready resolves once a worker is active, which may still be "activating": its next state is the answer.
    const worker = registration.active;
    if (worker?.state === "activating") await new Promise((settled) => worker.addEventListener("statechange", settled, { once: true }));
    return { state: worker?.state, scope: registration.scope, script: worker?.scriptURL };
  });
  assert.equal(state.state, "activated");
  assert.equal(state.scope, `${relay.url}/`);
  assert.equal(state.script, `${relay.url}/sw.js`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });

  // Chromium's own check, the one behind its install prompt: manifest, icons, worker, secure origin.
  const cdp = await context.newCDPSession(page);
  const installability = (await cdp.send("Page.getInstallabilityErrors")) as {
    installabilityErrors: { errorId: string }[];
  };
  assert.deepEqual(installability.installabilityErrors, [], JSON.stringify(installability.installabilityErrors));
  const manifest = (await cdp.send("Page.getAppManifest")) as { url: string; errors: unknown[] };
  assert.equal(manifest.url, `${relay.url}/manifest.webmanifest`);
  assert.deepEqual(manifest.errors, []);
  await shoot(phone, "installable-01-online");

  // A push as the relay sends it (ids, the kind, and the session's sealed title and wrapped key, as the
  // list carries them) reaches the worker, which opens the title with the content key the page kept in
  // IndexedDB and shows "Permission needed — <title>". Headless Chromium has no push service, so
  // DevTools delivers the message to the worker directly.
  await context.grantPermissions(["notifications"], { origin: relay.url });
  const listed = await page.evaluate(async (sessionId) => {
    const token = (JSON.parse(localStorage.getItem("baton.device") ?? "{}") as { deviceToken?: string }).deviceToken;
    const list = (await (await fetch("/v1/sessions", { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      sessions: { id: string; title: string; key: object }[];
    };
    return list.sessions.find((session) => session.id === sessionId)!;
  }, backend.sessionId);
  assert.notEqual(listed.title, "pocket", "the relay lists the title sealed");
  const pushed = JSON.stringify({ kind: "permission", sessionId: backend.sessionId, requestId: "call_1", title: listed.title, key: listed.key });
  assert.equal(await pushToWorker(cdp, relay.url, pushed), "Success", "how the worker's push event ended");
  const shown = await until("the notification", () =>
    page.evaluate(async () => {
      const notifications = await (await navigator.serviceWorker.ready).getNotifications();
      return notifications.length > 0 ? notifications.map((n) => ({ title: n.title, data: n.data })) : null;
    }),
  );
  assert.deepEqual(shown, [{ title: "Permission needed — pocket", data: { path: `/s/${backend.sessionId}` } }]);

  // Something said before the outage, committed (no longer pending).
  await byTestId(page, "composer").fill("written before the outage");
  await byTestId(page, "composer").press("Enter");
  await see(phone, byTestId(page, "event-user").filter({ hasText: "written before the outage" }), "the message committed");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="pending"]').length === 0);
  await untilSaved(page, backend.sessionId, "events", "written before the outage");

  // The relay goes away. A reload still opens the app from the worker's cache, and shows the session as
  // this phone last saw it, with the machine offline: not a network error page, not an empty screen.
  await relay.process.kill();
  const reload = await page.reload({ waitUntil: "load" });
  assert.ok(reload === null || reload.ok(), `the reload answered ${reload?.status()}`);
  assert.ok(!page.url().startsWith("chrome-error:"), `the browser showed its error page: ${page.url()}`);
  await see(phone, byTestId(page, "session-title"), "the session screen from the cached shell");
  await see(phone, byTestId(page, "event-user").filter({ hasText: "written before the outage" }), "the last known transcript");
  await see(phone, page.locator('[data-testid="presence"][data-online="false"]'), "the machine shown offline");
  await see(phone, byTestId(page, "reconnect-banner"), "the reconnecting banner", 15_000);
  await shoot(phone, "installable-02-relay-down");

  // Typed while offline, then the page reloaded: the input is kept, and goes out, once, when the relay
  // is back (its inputId makes the resend safe).
  await byTestId(page, "composer").fill("typed while offline");
  await byTestId(page, "composer").press("Enter");
  await see(phone, byTestId(page, "pending").filter({ hasText: "typed while offline" }), "the input waiting");
  // The page saves a typed input at once; a phone may kill the tab any time after that.
  await untilSaved(page, backend.sessionId, "pending", "typed while offline");
  await page.reload({ waitUntil: "load" });
  await see(phone, byTestId(page, "pending").filter({ hasText: "typed while offline" }), "the input kept across the reload");
  relay = await restartRelay(java, relay);
  await see(phone, byTestId(page, "event-user").filter({ hasText: "typed while offline" }), "the input delivered", 60_000);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="pending"]').length === 0);
  assert.equal(await byTestId(page, "event-user").filter({ hasText: "typed while offline" }).count(), 1, "delivered once");
  await shoot(phone, "installable-03-back");

  assert.deepEqual(phone.violations, []);
  assert.deepEqual(phone.foreignRequests, []);
});

/** Waits until the page's saved copy of the session (IndexedDB) holds `text` among its events or pending inputs. */
async function untilSaved(page: Page, sessionId: string, where: "events" | "pending", text: string): Promise<void> {
  type Saved = { events?: { text?: string }[]; pending?: { input: { text?: string } }[] };
  await until(`"${text}" saved among the ${where}`, async () => {
    const saved = await storedRecord<Saved>(page, "baton", "sessions", sessionId);
    return where === "events"
      ? (saved?.events ?? []).some((event) => event.text === text)
      : (saved?.pending ?? []).some((pending) => pending.input.text === text);
  });
}
