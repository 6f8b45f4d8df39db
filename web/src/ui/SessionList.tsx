import type { SessionSummary } from "../core/protocol.ts";
import type { SessionListModel } from "../core/session-list.ts";
import { when } from "./format.ts";
import { useModel } from "./hooks.ts";
import { ComputerIcon } from "./icons.tsx";

interface Props {
  list: SessionListModel;
  onOpen: (sessionId: string) => void;
  onPair?: () => void;
}

/** "offline since 10:42" when the relay knows; else when the session was last active. */
function offlineSince(session: SessionSummary): string {
  if (session.presenceSince) return `offline since ${when(session.presenceSince)}`;
  return session.lastActivity ? `offline · last active ${when(session.lastActivity)}` : "offline";
}

export function SessionList({ list, onOpen, onPair }: Props) {
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
      {list.error && (
        <div class="banner warn" role="status">
          Could not refresh: {list.error}
        </div>
      )}
      <ul class="session-list" data-testid="session-list">
        {list.sessions.map((session) => (
          <li key={session.id}>
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
                <span class="name">{session.title || "Untitled session"}</span>
                <span class="sub">
                  {session.environment?.name ?? "unknown machine"} ·{" "}
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
          </li>
        ))}
      </ul>
      {list.loaded && list.sessions.length === 0 && (
        <p class="empty">
          No sessions yet. On your computer, run <code>baton remote-control</code> in a project.
        </p>
      )}
    </div>
  );
}
