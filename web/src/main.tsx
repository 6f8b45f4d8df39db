import { render } from "preact";
import { systemClock } from "./core/clock.ts";
import { OriginLabels } from "./core/origin-labels.ts";
import { DeviceCredentials } from "./transport/device-credentials.ts";
import { IndexedDbSessions } from "./transport/session-cache.ts";
import { IndexedDbKeyStore, Keyring } from "./crypto/keyring.ts";
import { IndexedDbAgreementKeyStore } from "./crypto/agreement-key-store.ts";
import { ContentKeys } from "./transport/content-keys.ts";
import { deviceName, parseAddress } from "./transport/location.ts";
import { pairFromAddress } from "./transport/pairing.ts";
import { RelayApi } from "./transport/relay-api.ts";
import { RelayTransport } from "./transport/relay-transport.ts";
import { type VsCodeApi, VsCodeTransport } from "./transport/vscode-transport.ts";
import { App, OpenSession, type Route } from "./ui/App.tsx";
import { SessionListModel } from "./core/session-list.ts";
import { CodeRejected, Loading, PairThisDevice, Unreachable } from "./ui/Screens.tsx";
import { AdminPage } from "./ui/Admin.tsx";
import { DevicePage, SignInPage } from "./ui/SignIn.tsx";
import { WebAccountApi } from "./transport/web-account.ts";
import "./styles.css";

declare global {
  /** Present only inside a VS Code webview. */
  function acquireVsCodeApi(): VsCodeApi;
}

const root = document.getElementById("app");
if (!root) throw new Error("index.html has no #app element");

if (typeof acquireVsCodeApi === "function") {
  void startInEditor(acquireVsCodeApi());
} else if (["/login", "/device", "/admin"].includes(location.pathname)) {
  startAccountPage();
} else {
  void startInBrowser();
}

/** Inside VS Code: the panel shows the session the extension opened it for. */
async function startInEditor(vscode: VsCodeApi): Promise<void> {
  document.documentElement.dataset.transport = "vscode";
  const transport = new VsCodeTransport(vscode, window);
  render(<Loading />, root!);
  const sessionId = await transport.initialSession();
  const list = new SessionListModel(() => transport.listSessions(), systemClock);
  const labels = new OriginLabels(transport);
  void labels.load();
  render(<OpenSession sessionId={sessionId} transport={transport} list={list} labels={labels} />, root!);
}

/** `/login`, `/device` and `/admin`: the relay's own sign-in, approving a `baton login`, and the organization's policy (no device token needed). */
function startAccountPage(): void {
  document.documentElement.dataset.transport = "relay";
  const api = new WebAccountApi();
  const query = new URLSearchParams(location.search);
  if (location.pathname === "/login") {
    render(
      <SignInPage api={api} next={query.get("next")} failure={query.get("error")} go={(path) => location.assign(path)} />,
      root!,
    );
    return;
  }
  const here = location.pathname + location.search;
  const signIn = () => location.assign(`/login?next=${encodeURIComponent(here)}`);
  if (location.pathname === "/admin") return render(<AdminPage api={api} signIn={signIn} />, root!);
  render(
    <DevicePage
      api={api}
      initialCode={query.get("user_code")}
      signIn={signIn}
    />,
    root!,
  );
}

/** In a browser: pair from the URL if it carries a code, then the list or the session it names. */
async function startInBrowser(): Promise<void> {
  document.documentElement.dataset.transport = "relay";
  // The app shell comes from the service worker's cache from the second visit on, even offline.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }
  const credentials = new DeviceCredentials(localStorage);
  const api = new RelayApi(credentials);
  const address = parseAddress(location.pathname, location.hash);
  render(<Loading />, root!);

  const sessions = new IndexedDbSessions();
  const keyring = new Keyring(new IndexedDbKeyStore());
  const agreementKeys = new IndexedDbAgreementKeyStore();
  const linkKid = await takeKeys(keyring, address.keys, address.pairingCode);
  const pairedBefore = credentials.current?.deviceId;
  const outcome = await pairFromAddress(address.pairingCode, api, credentials, deviceName(navigator.userAgent), () =>
    history.replaceState(null, "", location.pathname + location.search),
  );
  if (outcome.kind === "codeRejected") return render(<CodeRejected message={outcome.message} />, root!);
  if (outcome.kind === "unreachable") return render(<Unreachable message={outcome.message} />, root!);
  if (outcome.kind === "unpaired") return render(<PairThisDevice />, root!);

  // Sessions kept for another device identity (an earlier pairing) are not this one's to show.
  if (credentials.current && credentials.current.deviceId !== pairedBefore) void sessions.clear().catch(() => undefined);
  const unpaired = (reason: string) => {
    credentials.forget();
    void sessions.clear().catch(() => undefined);
    void keyring.clear().catch(() => undefined);
    void agreementKeys.clear().catch(() => undefined);
    render(<PairThisDevice reason={`This device is no longer paired (${reason}).`} />, root!);
  };
  const wsBase = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}`;
  // A backend rotates its content key when a device is revoked: this device registers where the new key
  // can be delivered to it, and fetches it when it meets a kid it does not hold.
  const contentKeys: ContentKeys = new ContentKeys(api, keyring, agreementKeys, () => credentials.current?.deviceId ?? null, systemClock, (message) =>
    transport.say(message),
  );
  const transport = new RelayTransport(api, credentials, systemClock, unpaired, (path) => wsBase + path, keyring, sessions, () =>
    contentKeys.newest(),
  );
  keyring.learnWith((kid) => contentKeys.learn(kid));
  void contentKeys.register(linkKid ?? undefined).catch(() => undefined);
  const sessionId = address.sessionId ?? (outcome.kind === "paired" ? outcome.sessionId : undefined);
  const initial: Route = sessionId ? { view: "session", sessionId } : { view: "list" };
  if (sessionId && !address.sessionId) history.replaceState(initial, "", pathOf(initial));
  render(
    <App
      transport={transport}
      initial={initial}
      navigate={(route) => history.pushState(route, "", pathOf(route))}
      subscribeToBack={(listener) => {
        const onPop = () => listener(routeOf(location.pathname));
        window.addEventListener("popstate", onPop);
        return () => window.removeEventListener("popstate", onPop);
      }}
    />,
    root!,
  );
}

/**
 * Keeps the content keys a pairing link carries, then takes them out of the address bar at once, so they
 * are not left in history, bookmarks or a shared URL. The pairing code stays until it is redeemed.
 * Answers the kid of the link's first key (a backend's link carries only its own), or null.
 */
async function takeKeys(keyring: Keyring, keys: string[], pairingCode: string | null): Promise<string | null> {
  if (keys.length === 0) return null;
  let first: string | null = null;
  for (const key of keys) {
    const kid = await keyring.add(key).catch(() => null); // a mangled key is no key
    first ??= kid;
  }
  const code = pairingCode ? `#pair=${encodeURIComponent(pairingCode)}` : "";
  history.replaceState(null, "", location.pathname + location.search + code);
  return first;
}

function pathOf(route: Route): string {
  return route.view === "session" ? `/s/${encodeURIComponent(route.sessionId)}` : "/";
}

function routeOf(pathname: string): Route {
  const { sessionId } = parseAddress(pathname, "");
  return sessionId ? { view: "session", sessionId } : { view: "list" };
}
