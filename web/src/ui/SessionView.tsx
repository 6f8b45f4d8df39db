import { useState } from "preact/hooks";
import type { Input } from "../core/protocol.ts";
import type { SessionModel } from "../core/session-model.ts";
import type { SessionHandle } from "../transport/transport.ts";
import { Composer } from "./Composer.tsx";
import { when } from "./format.ts";
import { useAttention } from "./attention.ts";
import { useModel } from "./hooks.ts";
import { ComputerIcon } from "./icons.tsx";
import { PermissionPrompt } from "./PermissionPrompt.tsx";
import { Transcript } from "./Transcript.tsx";

interface Props {
  model: SessionModel;
  handle: SessionHandle;
  originLabel: (origin: string | undefined) => string;
  /** Where "back" goes; absent inside the editor's panel, which shows one session. */
  onBack?: () => void;
}

export function SessionView({ model, handle, originLabel, onBack }: Props) {
  useModel(model);
  useAttention(model);
  const submit = (input: Input) => handle.send(model.submit(input));
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
        <Title model={model} onRename={(title) => submit({ kind: "rename", title })} />
        <Presence model={model} />
      </header>
      {model.reconnecting && (
        <div class="banner warn" data-testid="reconnect-banner" role="status">
          Reconnecting to the relay…
        </div>
      )}
      {model.linkState === "open" && !model.online && (
        <div class="banner" data-testid="machine-offline" role="status">
          Your computer is offline{model.onlineSince ? ` since ${when(model.onlineSince)}` : ""}. What you send waits
          until it is back.
        </div>
      )}
      {model.problem && (
        <div class="banner error" role="alert">
          {model.problem.message}
        </div>
      )}
      {model.loaded ? (
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
        <Composer onSend={(text) => submit({ kind: "message", text })} />
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
      <h1 data-testid="session-title">{model.title || "Untitled session"}</h1>
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
