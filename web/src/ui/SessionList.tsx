import { useState } from "preact/hooks";
import type { SessionSummary } from "../core/protocol.ts";
import { type EnvironmentGroup, groupByEnvironment, type SessionListModel } from "../core/session-list.ts";
import { directoryLabel } from "../core/directory-label.ts";
import { sessionDisplayName } from "../core/session-name.ts";
import { when } from "./format.ts";
import { useModel } from "./hooks.ts";
import { ComputerIcon } from "./icons.tsx";

interface Props {
  list: SessionListModel;
  onOpen: (sessionId: string) => void;
  onPair?: () => void;
  /** Asks a server-mode environment for a new session; absent where there is no relay API. */
  onSpawn?: (environmentId: string) => Promise<string>;
}

/** How long to wait for a spawned session to show in the list before opening it anyway. */
const SPAWN_APPEAR_TRIES = 10;
const SPAWN_APPEAR_MS = 1_000;

/** "offline since 10:42" when the relay knows; else when the session was last active. */
function offlineSince(session: SessionSummary): string {
  if (session.presenceSince) return `offline since ${when(session.presenceSince)}`;
  return session.lastActivity ? `offline · last active ${when(session.lastActivity)}` : "offline";
}

export function SessionList({ list, onOpen, onPair, onSpawn }: Props) {
  useModel(list);
  return (
    <div class="sessions">
      <header class="bar">
        <h1>Sessions</h1>
        {onPair && (
          <button type="button" class="quiet" data-testid="pair-device" onClick={onPair}>
            Pair another device
          </button>
        )}
      </header>
      {list.notice && (
        <div class="banner error" role="alert" data-testid="list-notice">
          {list.notice}
        </div>
      )}
      {list.error && (
        <div class="banner warn" role="status">
          Could not refresh: {list.error}
        </div>
      )}
      <div class="session-list" data-testid="session-list">
        {groupByEnvironment(list.sessions).map((group) => (
          <EnvironmentSection
            key={group.environment?.id ?? ""}
            group={group}
            list={list}
            onOpen={onOpen}
            {...(onSpawn ? { onSpawn } : {})}
          />
        ))}
      </div>
      {list.loaded && list.sessions.length === 0 && (
        <p class="empty">
          No sessions yet. On your computer, run <code>baton remote-control</code> in a project.
        </p>
      )}
    </div>
  );
}

type SpawnState = { state: "idle" } | { state: "starting" } | { state: "failed"; message: string };

/** One computer: its name and presence, "New session" when it is in server mode, and its sessions. */
function EnvironmentSection({ group, list, onOpen, onSpawn }: { group: EnvironmentGroup } & Pick<Props, "list" | "onOpen" | "onSpawn">) {
  const [spawn, setSpawn] = useState<SpawnState>({ state: "idle" });
  const environment = group.environment;
  const start = async () => {
    if (!environment || !onSpawn) return;
    setSpawn({ state: "starting" });
    let sessionId: string;
    try {
      sessionId = await onSpawn(environment.id);
    } catch (error) {
      setSpawn({ state: "failed", message: error instanceof Error ? error.message : String(error) });
      return;
    }
    // The relay lists the session at once; waiting for it keeps the list and the session in step.
    for (let tries = 0; tries < SPAWN_APPEAR_TRIES && !list.sessions.some((s) => s.id === sessionId); tries++) {
      await list.refresh();
      if (!list.sessions.some((s) => s.id === sessionId)) await new Promise((wake) => setTimeout(wake, SPAWN_APPEAR_MS));
    }
    setSpawn({ state: "idle" });
    onOpen(sessionId);
  };
  return (
    <section class="environment" data-testid="environment" data-environment-id={environment?.id ?? ""} data-online={String(!!environment?.online)}>
      <header class="environment-head">
        <ComputerIcon online={!!environment?.online} />
        <div class="environment-title">
          {/* No environment: the computer stopped hosting these (its process ended) and the relay forgot it. */}
          <h2>{environment?.name ?? "No longer hosted"}</h2>
          {environment?.directory && (
            // The marks keep a path's slashes in order in the right-to-left box that ellipsises its start.
            <span class="environment-directory" data-testid="environment-directory" title={environment.directory}>
              {`\u200e${directoryLabel(environment.directory)}\u200e`}
            </span>
          )}
        </div>
        {group.canSpawn && onSpawn && (
          <button type="button" class="quiet" data-testid="spawn-session" disabled={spawn.state === "starting"} onClick={() => void start()}>
            {spawn.state === "starting" ? "Starting…" : "New session"}
          </button>
        )}
      </header>
      {spawn.state === "failed" && (
        <div class="banner error" data-testid="spawn-error" role="alert">
          Could not start a new session: {spawn.message}
        </div>
      )}
      <ul>
        {group.sessions.map((session) => (
          <li key={session.id}>
            <SessionItem session={session} onOpen={onOpen} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SessionItem({ session, onOpen }: { session: SessionSummary; onOpen: Props["onOpen"] }) {
  return (
    <button
      type="button"
      class="session-item"
      data-testid="session-item"
      data-session-id={session.id}
      data-online={String(session.online)}
      data-waiting={String(session.pendingPermissions > 0)}
      onClick={() => onOpen(session.id)}
    >
      <ComputerIcon online={session.online} />
      <span class="body">
        <span class="name">{session.locked ? "Locked session" : sessionDisplayName(session.id, session.title)}</span>
        {session.locked && (
          <span class="sub" data-testid="session-locked-note">
            This device holds no key for it: pair this device from the machine that runs it.
          </span>
        )}
        <span class="sub">
          {session.online ? "online" : offlineSince(session)}
          {session.processing && <span class="working-tag"> · working…</span>}
          {session.pendingPermissions > 0 && <strong class="waiting-tag"> · permission needed</strong>}
        </span>
      </span>
      {session.pendingPermissions > 0 && (
        <span class="badge" title="Waiting for permission" aria-label={`${session.pendingPermissions} permission prompts waiting`}>
          {session.pendingPermissions}
        </span>
      )}
    </button>
  );
}
