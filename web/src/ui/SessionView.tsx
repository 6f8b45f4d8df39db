import { useState } from "preact/hooks";
import type { Input } from "../core/protocol.ts";
import { notResumed, type SessionModel } from "../core/session-model.ts";
import { isHelpCommand, PAGE_COMMANDS } from "../core/help.ts";
import { pairingCommand } from "../core/pairing-command.ts";
import { sessionHeading } from "../core/session-name.ts";
import type { Pairing } from "../core/protocol.ts";
import type { DeviceAccount, SessionHandle } from "../transport/transport.ts";
import { Composer } from "./Composer.tsx";
import { when } from "./format.ts";
import { useAttention } from "./attention.ts";
import { useModel } from "./hooks.ts";
import { ComputerIcon } from "./icons.tsx";
import { PairingCard } from "./PairingCard.tsx";
import { PermissionPrompt } from "./PermissionPrompt.tsx";
import { Transcript } from "./Transcript.tsx";

interface Props {
  model: SessionModel;
  handle: SessionHandle;
  originLabel: (origin: string | undefined) => string;
  /** No computer hosts the session any more (its process stopped), so "offline" would promise a return. */
  unhosted?: boolean;
  /** The running computer that is asked to host the session again when it is opened, or null. */
  resumesOn?: string | null;
  /**
   * The session runs in the process this page talks to (the editor's panel): it is always there, so an
   * "online" chip would say nothing, and beside the editor's "Remote Control: off" it would mislead.
   */
  hostIsHere?: boolean;
  /** Where "back" goes; absent inside the editor's panel, which shows one session. */
  onBack?: () => void;
  /** The relay's device API; with it, `/mobile` and `/remote-control` are answered on this page. */
  account?: DeviceAccount | null;
  /** Without the device API, a host that shows pairing codes itself (the editor) answers them. */
  showPairing?: (sessionId: string) => void;
}

export function SessionView({ model, handle, originLabel, unhosted, resumesOn, hostIsHere, onBack, account, showPairing }: Props) {
  useModel(model);
  useAttention(model);
  const [pairing, setPairing] = useState<PairingSheet | null>(null);
  const [help, setHelp] = useState(false);
  const submit = (input: Input) => handle.send(model.submit(input));
  const say = (text: string) => {
    if (isHelpCommand(text)) {
      setPairing(null);
      setHelp(true);
      return;
    }
    const command = account || showPairing ? pairingCommand(text) : null;
    if (!command) {
      submit({ kind: "message", text });
      return;
    }
    // The code is minted for this device and shown only here: nothing of it reaches the session's log.
    if (command.title && command.title !== model.title) submit({ kind: "rename", title: command.title });
    if (!account) {
      showPairing?.(model.sessionId);
      return;
    }
    setHelp(false);
    setPairing({ state: "minting" });
    account.createPairing(model.sessionId).then(
      (minted) => setPairing({ state: "ready", pairing: minted }),
      (error: Error) => setPairing({ state: "failed", message: error.message }),
    );
  };
  // Opening a session a running server-mode computer lists asks it to host the session; one whose host
  // was online here and left has lost it (killed, asleep), which a resume is not coming for.
  const awaitingResume = !unhosted && resumesOn != null && !model.seenOnline;
  // A prompt with an answer on its way shows as answering, not as a second chance to click.
  const answering = new Set(
    model.pending.all.flatMap((p) => (p.input.kind === "permission" && p.status !== "failed" ? [p.input.requestId] : [])),
  );

  return (
    <div class="session">
      <header class="bar">
        {onBack && (
          <button type="button" class="icon" onClick={onBack} aria-label="All sessions">
            ‹
          </button>
        )}
        {model.locked ? (
          <div class="title">
            <h1 data-testid="session-title">Locked session</h1>
          </div>
        ) : (
          <>
            <Title model={model} onRename={(title) => submit({ kind: "rename", title })} />
            {!hostIsHere && <Presence model={model} />}
          </>
        )}
      </header>
      {model.reconnecting && (
        <div class="banner warn" data-testid="reconnect-banner" role="status">
          Reconnecting to the relay…
        </div>
      )}
      {model.linkState === "open" && !model.online && unhosted && (
        <div class="banner" data-testid="machine-offline" data-unhosted="true" role="status">
          No computer hosts this session now: the baton that ran it has stopped. What you send waits until it is
          resumed there (<code>baton rc --session-id {model.sessionId}</code>).
        </div>
      )}
      {model.linkState === "open" && !model.online && awaitingResume && (
        // A refusal (the computer is full, or could not open the session) is said by the problem banner.
        !notResumed(model.problem) && (
          <div class="banner" data-testid="resuming" role="status">
            Resuming this session on {resumesOn || "your computer"}…
          </div>
        )
      )}
      {model.linkState === "open" && !model.online && !unhosted && !awaitingResume && (
        <div class="banner" data-testid="machine-offline" role="status">
          Your computer is offline{model.onlineSince ? ` since ${when(model.onlineSince)}` : ""}. What you send waits
          until it is back.
        </div>
      )}
      {model.problem && (
        <div class="banner error" role="alert">
          {model.problem.code === "capacity_reached" ? "Could not resume this session: " : ""}
          {model.problem.message}
        </div>
      )}
      {model.rejection && (
        <div class="banner error" role="alert" data-testid="verification-failed">
          {model.rejection}
        </div>
      )}
      {model.locked ? (
        <div class="transcript locked" data-testid="session-locked">
          {model.locked}
        </div>
      ) : model.loaded ? (
        <Transcript
          model={model}
          originLabel={originLabel}
          onRetry={(id) => {
            model.retry(id);
            handle.send(id);
          }}
          onDismiss={(id) => model.dismiss(id)}
        />
      ) : (
        <div class="transcript loading" data-testid="transcript">
          Loading the session…
        </div>
      )}
      {pairing && <PairingSheetView sheet={pairing} onClose={() => setPairing(null)} />}
      {help && <HelpSheetView onClose={() => setHelp(false)} />}
      <footer class="dock">
        {model.permissions.map((request) => (
          <PermissionPrompt
            key={request.requestId}
            request={request}
            answering={answering.has(request.requestId)}
            onDecide={(decision) => submit({ kind: "permission", requestId: request.requestId, decision })}
          />
        ))}
        {model.processing && (
          <div class="working">
            <span class="spinner" aria-hidden="true" /> working…
            <button type="button" data-testid="interrupt" onClick={() => submit({ kind: "interrupt" })}>
              Interrupt
            </button>
          </div>
        )}
        {/* Nothing typed into a session this device cannot read could be sealed for it. */}
        {!model.locked && <Composer onSend={say} />}
      </footer>
    </div>
  );
}

function Title({ model, onRename }: { model: SessionModel; onRename: (title: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (editing !== null) {
    const save = () => {
      const title = editing.trim();
      if (title && title !== model.title) onRename(title);
      setEditing(null);
    };
    return (
      <form
        class="title editing"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <input
          data-testid="rename-input"
          value={editing}
          aria-label="Session title"
          ref={(element) => element?.focus()}
          onInput={(event) => setEditing(event.currentTarget.value)}
          onKeyDown={(event) => event.key === "Escape" && setEditing(null)}
        />
        <button type="submit" class="primary" data-testid="rename-save">
          Save
        </button>
      </form>
    );
  }
  return (
    <div class="title">
      <h1 data-testid="session-title">{sessionHeading(model.title)}</h1>
      <button type="button" class="quiet icon-small" data-testid="rename" aria-label="Rename" title="Rename" onClick={() => setEditing(model.title)}>
        ✎
      </button>
    </div>
  );
}

function Presence({ model }: { model: SessionModel }) {
  const online = model.online;
  // Short enough for a phone's header; the offline banner says since when.
  const label = model.linkState !== "open" ? "connecting…" : online ? "online" : "offline";
  const since = model.onlineSince ? ` since ${when(model.onlineSince)}` : "";
  return (
    <span class="presence" data-testid="presence" data-online={String(online)} title={`Your computer: ${label}${since}`}>
      <ComputerIcon online={online} />
      <span class="label">{label}</span>
    </span>
  );
}

type PairingSheet = { state: "minting" } | { state: "ready"; pairing: Pairing } | { state: "failed"; message: string };

/** The answer to `/mobile` and `/remote-control` on this page: a QR code and link for this device only. */
function PairingSheetView({ sheet, onClose }: { sheet: PairingSheet; onClose: () => void }) {
  return (
    <div class="sheet" data-testid="pairing-sheet" role="dialog" aria-label="Open this session on another device">
      <div class="sheet-head">
        <h2>Open on another device</h2>
        <button type="button" class="quiet" data-testid="pairing-close" onClick={onClose}>
          Close
        </button>
      </div>
      {sheet.state === "minting" && <p>Making a pairing code…</p>}
      {sheet.state === "ready" && <PairingCard pairing={sheet.pairing} />}
      {sheet.state === "failed" && (
        <div class="banner error" role="alert">
          No pairing code: {sheet.message}
        </div>
      )}
    </div>
  );
}

/** The answer to `/help` on this page: what can be typed here, each command in a fixed-width font above what it does. */
function HelpSheetView({ onClose }: { onClose: () => void }) {
  return (
    <div class="sheet" data-testid="help-sheet" role="dialog" aria-label="Commands">
      <div class="sheet-head">
        <h2>Commands</h2>
        <button type="button" class="quiet" data-testid="help-close" onClick={onClose}>
          Close
        </button>
      </div>
      <dl class="help">
        {PAGE_COMMANDS.map((entry) => (
          <div key={entry.usage} data-testid="help-entry">
            <dt>
              <code>{entry.usage}</code>
            </dt>
            <dd>{entry.what}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">Anything else is a message to the agent.</p>
    </div>
  );
}
