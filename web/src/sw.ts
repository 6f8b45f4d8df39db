// The service worker: keeps the app shell (the page, its hashed bundle, the manifest and icons) in a
// cache so the app opens at once and, with the relay out of reach, still opens and shows its own
// "reconnecting" state instead of the browser's error page. It also shows push notifications for
// permission prompts, naming the session with the content keys the page kept in IndexedDB (and any key a
// backend delivered since, which it fetches itself). It never caches the API: sessions, tickets and
// streams always go to the relay.
//
// The build fills in SHELL (the files to keep) and VERSION (changes with every bundle), so a new build
// is a new worker that replaces the old cache.

import { systemClock } from "./core/clock.ts";
import { describeFailure, noticeFor, parsePush } from "./core/push-message.ts";
import { IndexedDbAgreementKeyStore } from "./crypto/agreement-key-store.ts";
import { IndexedDbKeyStore } from "./crypto/keyring.ts";
import { workerKeyring, workerRelay } from "./transport/worker-keys.ts";

declare const SHELL: string[];
declare const VERSION: string;

/** The parts of the service worker scope this file uses (the DOM lib has no WebWorker types). */
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface PushEvent extends ExtendableEvent {
  readonly data: { text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification & { data: unknown };
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface WorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    claim(): Promise<void>;
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "push", listener: (event: PushEvent) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const SHELL_CACHE = `baton-shell-${VERSION}`;

scope.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            // "baton-titles" held session titles in the clear, from before they were sealed
            .filter((name) => (name.startsWith("baton-shell-") && name !== SHELL_CACHE) || name === "baton-titles")
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith("/v1/")) return;
  if (request.mode === "navigate") {
    // Every page of the app is the same index.html: the kept one at once, a fresh one for next time.
    event.respondWith(fromShell("/", request));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  }
});

/** The kept copy if there is one (refreshed in the background), else the network. */
async function fromShell(key: string, request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(key);
  const fresh = fetch(request.mode === "navigate" ? key : request)
    .then(async (response) => {
      if (response.ok && !response.redirected) await cache.put(key, response.clone());
      return response;
    });
  if (kept) {
    fresh.catch(() => undefined); // offline: the kept copy is all there is
    return kept;
  }
  return fresh;
}

scope.addEventListener("push", (event) => {
  event.waitUntil(notify(parsePush(event.data ? event.data.text() : null)));
});

async function notify(message: ReturnType<typeof parsePush>): Promise<void> {
  // A fresh keyring each time: the page may have taken new keys since the last push.
  const keyring = () => workerKeyring(new IndexedDbKeyStore(indexedDB), new IndexedDbAgreementKeyStore(indexedDB), workerRelay(), systemClock);
  const notice = await noticeFor(message, keyring, (reason) => console.warn(`baton: ${reason}`));
  await scope.registration
    .showNotification(notice.heading, {
      body: notice.body,
      icon: "/icon-192.png",
      tag: notice.tag,
      data: { path: notice.path },
    })
    .catch((error: unknown) => {
      // A rejected push event leaves no trace in the worker's console: this line is the only account of a push that showed nothing.
      console.warn(`baton: a push could not be shown (${describeFailure(error)})`);
      throw error;
    });
}

scope.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data as { path?: string } | null;
  const path = typeof data?.path === "string" && /^\/(?!\/)/.test(data.path) ? data.path : "/";
  event.waitUntil(openPage(path));
});

async function openPage(path: string): Promise<void> {
  const target = new URL(path, location.origin).href;
  const windows = await scope.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.url === target) ?? windows[0];
  if (open) {
    const focused = await open.focus();
    if (focused.url !== target) await focused.navigate(target);
    return;
  }
  await scope.clients.openWindow(target);
}
