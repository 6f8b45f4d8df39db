import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { PendingInput } from "../core/pending.ts";
import type { SessionEvent } from "../core/protocol.ts";
import type { SessionModel } from "../core/session-model.ts";
import { toolInput, when } from "./format.ts";
import { renderMarkdown } from "./markdown.ts";

type ToolCall = Extract<SessionEvent, { type: "tool_call" }>;
type ToolResult = Extract<SessionEvent, { type: "tool_result" }>;

/** Tool output this short is shown open: a `!echo` answer should not hide behind a click. */
const OPEN_TOOL_LINES = 12;

interface Props {
  model: SessionModel;
  /** Who sent a message, for people: "this device", "VS Code", a device's name. */
  originLabel: (origin: string | undefined) => string;
  onRetry: (inputId: string) => void;
  onDismiss: (inputId: string) => void;
}

export function Transcript({ model, originLabel, onRetry, onDismiss }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const events = model.transcript.events;
  const results = new Map<string, ToolResult>();
  for (const event of events) {
    if (event.type === "tool_result") results.set(event.callId, event);
  }
  const pendingMessages = model.pending.all.filter((p) => p.input.kind === "message");

  // Follow new output while the reader is at the bottom; leave them be when they scrolled up.
  useLayoutEffect(() => {
    const element = list.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  });
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const onScroll = () => {
      stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => element.removeEventListener("scroll", onScroll);
  }, []);

  return (
    <div class="transcript" data-testid="transcript" ref={list} role="log" aria-live="polite">
      {model.transcript.truncated && (
        <p class="truncated">Earlier messages are no longer held by the relay; this starts later in the session.</p>
      )}
      {events.map((event) => (
        <EventView key={event.seq} event={event} result={event.type === "tool_call" ? results.get(event.callId) : undefined} originLabel={originLabel} />
      ))}
      {model.transcript.streamingMessages.map((message) => (
        <div key={message.messageId} class="message assistant streaming" data-testid="event-assistant" data-streaming="true">
          <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(message.text) }} />
        </div>
      ))}
      {pendingMessages.map((pending) => (
        <PendingView key={pending.inputId} pending={pending} onRetry={onRetry} onDismiss={onDismiss} />
      ))}
    </div>
  );
}

function EventView({ event, result, originLabel }: { event: SessionEvent; result: ToolResult | undefined; originLabel: Props["originLabel"] }) {
  switch (event.type) {
    case "user_message":
      return (
        <div class="message user" data-testid="event-user" data-seq={event.seq}>
          <div class="meta">
            {originLabel(event.origin)} · {when(event.ts)}
          </div>
          <div class="text">{event.text}</div>
        </div>
      );
    case "assistant_message":
      return (
        <div class="message assistant" data-testid="event-assistant" data-seq={event.seq}>
          <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(event.text) }} />
        </div>
      );
    case "tool_call":
      return <ToolView call={event} result={result} />;
    case "permission_request":
      return <Notice text={`Permission asked: ${event.summary || event.tool}`} />;
    case "permission_decision":
      return <Notice text={`${decisionText(event.decision)} by ${originLabel(event.origin)}`} />;
    case "title":
      return <Notice text={`Session renamed “${event.title}”`} />;
    case "notice":
      return <Notice text={event.text} />;
    case "conversation_cleared":
      return <Notice text="Conversation cleared: the agent starts fresh from here." />;
    case "error":
      return (
        <div class="error" data-testid="event-error" role="alert">
          <strong>{event.code}</strong> {event.message}
        </div>
      );
    default:
      return null; // status, tool_result (shown with its call), and types this client does not know
  }
}

function Notice({ text }: { text: string }) {
  return (
    <div class="notice" data-testid="event-notice">
      <pre>{text}</pre>
    </div>
  );
}

function ToolView({ call, result }: { call: ToolCall; result: ToolResult | undefined }) {
  const output = result?.output ?? "";
  const open = result !== undefined && output.split("\n").length <= OPEN_TOOL_LINES;
  const state = result === undefined ? "running" : result.ok ? "ok" : "failed";
  return (
    <details class={`tool ${state}`} data-testid="event-tool" open={open}>
      <summary>
        <span class="tool-name">{call.tool}</span> <code>{toolInput(call.input)}</code>
        <span class="tool-state">
          {state === "running" ? "running…" : state === "ok" ? "" : `failed${result?.exitCode !== undefined ? ` (exit ${result.exitCode})` : ""}`}
        </span>
      </summary>
      {result && <pre class="tool-output">{output || "(no output)"}</pre>}
    </details>
  );
}

function PendingView({ pending, onRetry, onDismiss }: { pending: PendingInput; onRetry: Props["onRetry"]; onDismiss: Props["onDismiss"] }) {
  const text = pending.input.kind === "message" ? pending.input.text : "";
  return (
    <div class={`message user pending ${pending.status}`} data-testid="pending" data-status={pending.status}>
      <div class="meta">
        {pending.status === "sending" && "sending…"}
        {pending.status === "queued" && "queued: your computer is away; it goes through when it's back"}
        {pending.status === "failed" && `not sent: ${pending.error ?? "failed"}`}
      </div>
      <div class="text">{text}</div>
      {pending.status === "failed" && (
        <div class="actions">
          <button type="button" onClick={() => onRetry(pending.inputId)}>
            Retry
          </button>
          <button type="button" class="quiet" onClick={() => onDismiss(pending.inputId)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

function decisionText(decision: string): string {
  return decision === "allow" ? "Allowed" : decision === "deny" ? "Denied" : "Always allowed";
}
