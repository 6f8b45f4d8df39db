// Debian's Chromium driven by playwright-core: nothing is downloaded, and every page is watched
// for CSP violations and for requests that leave the relay.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, type CDPSession, chromium, type Locator, type Page } from "playwright-core";
import { repoRoot } from "./processes.ts";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const screenshots = join(repoRoot, "web/e2e/target/screenshots");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A browser with a profile on disk, as a user has: Chromium offers to install web apps only there (a
 * plain context counts as incognito). The caller closes the context, which ends the browser.
 */
export async function launchPersistentChromium(
  userDataDir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install -y chromium)`);
  }
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...options });
}

/** A page plus what it did that a strict client must never do. */
export interface Surface {
  name: string;
  context: BrowserContext;
  page: Page;
  /** CSP violations reported by the page and console errors that mention the policy. */
  violations: string[];
  /** Requests to anywhere but the relay. */
  foreignRequests: string[];
}

const PHONE_AGENT =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

export async function surface(browser: Browser, name: string, relayUrl: string): Promise<Surface> {
  const context = await browser.newContext(
    name === "phone"
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, userAgent: PHONE_AGENT }
      : { viewport: { width: 1280, height: 800 } },
  );
  const relayHost = new URL(relayUrl).host;
  const result: Surface = { name, context, page: await context.newPage(), violations: [], foreignRequests: [] };
  const check = (url: string) => {
    if (!url.startsWith("data:") && new URL(url).host !== relayHost) result.foreignRequests.push(url);
  };
  context.on("request", (request) => check(request.url()));
  result.page.on("websocket", (socket) => check(socket.url()));
  await context.exposeBinding("__reportViolation", (_source, text: string) => void result.violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportViolation(text: string): void }).__reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`,
      );
    });
  });
  result.page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) result.violations.push(message.text());
  });
  return result;
}

export async function shoot(target: Surface, step: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await target.page.screenshot({ path: join(screenshots, `${step}-${target.name}.png`), fullPage: false });
}

/**
 * Waits for `locator` to exist and be visible; on timeout the error names the surface, what was
 * awaited and what the transcript held instead.
 */
export async function see(target: Surface, locator: Locator, what: string, timeout = 30_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout });
  } catch {
    const transcript = await target.page
      .locator("#app")
      .innerText({ timeout: 1_000 })
      .catch(() => "(no #app)");
    throw new Error(`${target.name}: ${what} did not appear within ${timeout} ms. The page showed:\n${transcript}`);
  }
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Types `text` into the session's composer and sends it with Enter, as a person would. */
export async function send(target: Surface, text: string): Promise<void> {
  await byTestId(target.page, "composer").fill(text);
  await byTestId(target.page, "composer").press("Enter");
}

/**
 * Asks `probe` every 100 ms until it answers something truthy, and returns that; fails naming `what`
 * after `timeout`. For state the page holds only asynchronously (IndexedDB, the worker's notifications),
 * which `page.waitForFunction` cannot await.
 */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const answer = await probe();
    if (answer) return answer;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Hands `data` to the service worker registered for `origin` as a push message (headless Chromium has no
 * push service, so DevTools delivers it) and waits until DevTools reports the worker's push event over;
 * answers how it ended ("Success", "waitUntil Rejected", "Timeout"). Read the worker's notifications only
 * after that, never while the event runs: Chromium checks its record of a worker's notifications against
 * what is on screen at each getNotifications(), and drops, for good, one recorded but not on screen yet.
 */
export async function pushToWorker(cdp: CDPSession, origin: string, data: string): Promise<string> {
  let registrationId: string | null = null;
  cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
    registrationId ??= registrations.find((registration) => registration.scopeURL === `${origin}/` && !registration.isDeleted)?.registrationId ?? null;
  });
  let ended: string | null = null;
  cdp.on("BackgroundService.backgroundServiceEventReceived", ({ backgroundServiceEvent: event }) => {
    if (event.eventName === "Push event completed") ended = event.eventMetadata.find((entry) => entry.key === "Status")?.value ?? "(no status)";
  });
  await cdp.send("BackgroundService.startObserving", { service: "pushMessaging" });
  await cdp.send("BackgroundService.setRecording", { service: "pushMessaging", shouldRecord: true });
  await cdp.send("ServiceWorker.enable");
  const registration = await until(`a service worker registered for ${origin}`, async () => registrationId);
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: registration, data });
  return until("the worker's push event to end", async () => ended);
}

/**
 * The record under `key` in the page's IndexedDB `database`, object store `store`, or null. A CryptoKey in
 * it comes back as its type and whether it is extractable: its bytes cannot be read out, which is the point.
 */
export function storedRecord<T>(page: Page, database: string, store: string, key: string): Promise<T | null> {
  return page.evaluate(
    async ({ database, store, key }) => {
      // Opening a database the app has not made yet would make an empty one, which the app could then
      // never upgrade to its own stores: a record of a database that is not there is simply not there.
      if (!(await indexedDB.databases()).some((known) => known.name === database)) return null;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(database);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const value = await new Promise<unknown>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).get(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        if (value === undefined) return null;
        return JSON.parse(
          JSON.stringify(value, (_, field) => (field instanceof CryptoKey ? { type: field.type, extractable: field.extractable } : field)),
        );
      } finally {
        db.close();
      }
    },
    { database, store, key },
  ) as Promise<T | null>;
}

/** The keys of the page's IndexedDB `database`, object store `store`. */
export function storedKeys(page: Page, database: string, store: string): Promise<string[]> {
  return page.evaluate(
    async ({ database, store }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(database);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        return await new Promise<string[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAllKeys();
          request.onsuccess = () => resolve(request.result.map(String));
          request.onerror = () => reject(request.error);
        });
      } finally {
        db.close();
      }
    },
    { database, store },
  );
}
