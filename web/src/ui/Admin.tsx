import { useEffect, useState } from "preact/hooks";
import type { OrganizationPolicy } from "../core/protocol.ts";
import { ApiError } from "../transport/relay-api.ts";
import type { WebAccountApi } from "../transport/web-account.ts";

type AdminState =
  | { kind: "loading" }
  | { kind: "policy"; policy: OrganizationPolicy; error?: string }
  | { kind: "none"; message: string };

/**
 * `/admin`: the signed-in user's organization and whether its members may use Remote Control. An owner or
 * an admin turns it on or off; a member sees it; a compliance lock keeps it off for everyone here.
 */
export function AdminPage({ api, signIn }: { api: WebAccountApi; signIn: () => void }) {
  const [state, setState] = useState<AdminState>({ kind: "loading" });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      try {
        if (!(await api.me())) return signIn();
        setState({ kind: "policy", policy: await api.organization() });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return signIn();
        setState({ kind: "none", message: e instanceof Error ? e.message : String(e) });
      }
    })();
  }, []);

  if (state.kind === "loading") return <div class="screen">Loading…</div>;
  if (state.kind === "none") {
    return (
      <div class="screen" data-testid="admin-none">
        <h1>Organization</h1>
        <p>{state.message}</p>
      </div>
    );
  }
  const { policy } = state;
  const mayChange = policy.role !== "member" && !policy.locked;
  const toggle = async () => {
    setBusy(true);
    try {
      setState({ kind: "policy", policy: await api.setRemoteControl(!policy.remoteControl) });
    } catch (e) {
      setState({ kind: "policy", policy, error: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="screen" data-testid="admin" data-remote-control={String(policy.remoteControl)}>
      <h1>Organization {policy.name}</h1>
      <section class="notifications">
        <label class="choice">
          <input
            type="checkbox"
            data-testid="admin-remote-control"
            checked={policy.remoteControl}
            disabled={!mayChange || busy}
            onChange={() => void toggle()}
          />
          <span>
            Remote Control
            <span class="sub">Members may continue their sessions from phones and browsers through this relay.</span>
          </span>
        </label>
      </section>
      {policy.locked && (
        <p data-testid="admin-locked">
          A compliance lock keeps Remote Control off. Only the relay's operator can lift it (
          <code>baton relay org set {policy.name} --unlock</code>).
        </p>
      )}
      {policy.role === "member" && <p>Only an owner or an admin of {policy.name} can change this.</p>}
      {state.error && (
        <p class="error" data-testid="admin-error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
