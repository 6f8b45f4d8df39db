import { useEffect, useState } from "preact/hooks";
import type { AccountInfo, PendingDevice } from "../core/protocol.ts";
import { ApiError } from "../transport/relay-api.ts";
import { providerError, safeNext, WebAccountApi } from "../transport/web-account.ts";

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * `/login`: name and password, and the operator's identity provider when there is one; on success the
 * relay sets its cookie and the page goes on to `next`. A provider sign-in that failed comes back here
 * with `?error=CODE`.
 */
export function SignInPage({
  api,
  next,
  failure,
  go,
}: {
  api: WebAccountApi;
  next: string | null;
  failure: string | null;
  go: (path: string) => void;
}) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const providerProblem = providerError(failure);
  const [provider, setProvider] = useState<string | null>(null);

  useEffect(() => {
    api.methods().then(
      (methods) => setProvider(methods.provider ?? null),
      () => setProvider(null),
    );
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.signIn(user, password);
      go(safeNext(next));
    } catch (e) {
      setPassword("");
      setError(
        e instanceof ApiError && e.code === "invalid_credentials" ? "Wrong user name or password." : messageOf(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="screen" data-testid="sign-in">
      <h1>Sign in to this relay</h1>
      {provider && (
        <button
          class="primary provider"
          type="button"
          data-testid="sign-in-provider"
          onClick={() => go(WebAccountApi.providerStart(next))}
        >
          Sign in with {provider}
        </button>
      )}
      {providerProblem && (
        <p class="error" data-testid="sign-in-provider-error" role="alert">
          {providerProblem}
        </p>
      )}
      {provider && <p class="divider">or with a password</p>}
      <form class="sign-in" onSubmit={submit}>
        <label>
          User name
          <input
            data-testid="sign-in-user"
            autocomplete="username"
            autocapitalize="none"
            value={user}
            onInput={(e) => setUser((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        <label>
          Password
          <input
            data-testid="sign-in-password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        {error && (
          <p class="error" data-testid="sign-in-error" role="alert">
            {error}
          </p>
        )}
        <button class="primary" type="submit" data-testid="sign-in-submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </div>
  );
}

type DeviceState =
  | { kind: "loading" }
  | { kind: "enter"; error?: string }
  | { kind: "confirm"; pending: PendingDevice; account: AccountInfo }
  | { kind: "done"; approved: boolean };

/** `/device`: asks for the user code unless the URL has it, shows what asks, and Approve / Deny. */
export function DevicePage({
  api,
  initialCode,
  signIn,
}: {
  api: WebAccountApi;
  initialCode: string | null;
  signIn: () => void;
}) {
  const [state, setState] = useState<DeviceState>({ kind: "loading" });
  const [code, setCode] = useState(initialCode ?? "");
  const [busy, setBusy] = useState(false);

  const look = async (userCode: string) => {
    setBusy(true);
    try {
      const account = await api.me();
      if (!account) return signIn();
      const pending = await api.pendingDevice(userCode);
      setState({ kind: "confirm", pending, account });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return signIn();
      setState({ kind: "enter", error: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void (async () => {
      try {
        if (!(await api.me())) return signIn();
      } catch (e) {
        return setState({ kind: "enter", error: messageOf(e) });
      }
      if (initialCode) await look(initialCode);
      else setState({ kind: "enter" });
    })();
  }, []);

  const decide = async (decision: "approve" | "deny") => {
    if (state.kind !== "confirm") return;
    setBusy(true);
    try {
      await api.decide(state.pending.userCode, decision);
      setState({ kind: "done", approved: decision === "approve" });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return signIn();
      setState({ kind: "enter", error: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  if (state.kind === "loading") return <div class="screen">Loading…</div>;
  if (state.kind === "done") {
    return (
      <div class="screen" data-testid="device-done" data-approved={String(state.approved)}>
        <h1>{state.approved ? "Approved" : "Denied"}</h1>
        <p>
          {state.approved
            ? "The computer is signed in now. You can close this page."
            : "Nothing was signed in. You can close this page."}
        </p>
      </div>
    );
  }
  if (state.kind === "confirm") {
    const { pending, account } = state;
    return (
      <div class="screen" data-testid="device-confirm">
        <h1>Sign in a computer?</h1>
        <p data-testid="device-client">
          <strong>{pending.clientName ?? "A Baton backend"}</strong> asks to act as <strong>{account.user}</strong>
          {account.org ? ` (${account.org})` : ""} on this relay: it may start Remote Control for your account.
        </p>
        <p>
          Code: <code data-testid="device-code">{pending.userCode}</code>. Approve only if it is the code your computer
          shows.
        </p>
        <div class="decision">
          <button class="primary" data-testid="device-approve" disabled={busy} onClick={() => void decide("approve")}>
            Approve
          </button>
          <button class="danger" data-testid="device-deny" disabled={busy} onClick={() => void decide("deny")}>
            Deny
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="screen" data-testid="device-enter">
      <h1>Sign in a computer</h1>
      <p>Enter the code that <code>baton login</code> shows on your computer.</p>
      <form
        class="sign-in"
        onSubmit={(event) => {
          event.preventDefault();
          void look(code);
        }}
      >
        <label>
          Code
          <input
            data-testid="device-code-input"
            autocapitalize="characters"
            autocomplete="off"
            placeholder="XXXX-XXXX"
            value={code}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        {state.error && (
          <p class="error" data-testid="device-error" role="alert">
            {state.error}
          </p>
        )}
        <button class="primary" type="submit" data-testid="device-continue" disabled={busy}>
          Continue
        </button>
      </form>
    </div>
  );
}
