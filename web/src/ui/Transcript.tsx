import { memo } from "preact/compat";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { BlockSplitter } from "../core/markdown-blocks.ts";
import type { PendingInput } from "../core/pending.ts";
import type { SessionEvent } from "../core/protocol.ts";
import type { SessionModel } from "../core/session-model.ts";
import { outputLines, toolInput, when } from "./format.ts";
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

/** Within this many pixels of the end counts as "at the bottom": the view follows new output. */
const BOTTOM_SLACK_PX = 48;

/**
 * How many events are put on the page at first, and how many more each time the reader reaches the
 * top: opening a session of thousands of events costs what its last screens cost.
 */
const PAGE_EVENTS = 50;

/** Event types that show as an item of their own (a tool result shows with its call). */
const SHOWN = new Set(["user_message", "assistant_message", "tool_call", "permission_request", "permission_decision", "title", "notice", "conversation_cleared", "error"]);

export function Transcript({ model, originLabel, onRetry, onDismiss }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  /** How many items were shown when the reader scrolled away from the bottom; null while following. */
  const [seenCount, setSeenCount] = useState<number | null>(null);
  const [pages, setPages] = useState(1);
  const events = model.transcript.events;
  const firstShown = Math.max(0, events.length - pages * PAGE_EVENTS);
  const earlier = useRef<HTMLButtonElement>(null);
  const results = new Map<string, ToolResult>();
  let shownCount = 0;
  for (const event of events) {
    if (event.type === "tool_result") results.set(event.callId, event);
    if (SHOWN.has(event.type)) shownCount++;
  }
  const shownRef = useRef(shownCount);
  shownRef.current = shownCount;
  const pendingMessages = model.pending.all.filter((p) => p.input.kind === "message");

  const toBottom = () => {
    const element = list.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
  };
  // Follow new output while the reader is at the bottom; leave them be when they scrolled up.
  useLayoutEffect(() => {
    if (follow.current) toBottom();
  });
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    // Only the reader moves the view away from the end: items growing, or taking their real size as
    // they come into view, move the scroll position too, and must not stop the view following.
    let reader = false;
    const readerMoves = () => (reader = true);
    const onScroll = () => {
      const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK_PX;
      if (atBottom) {
        reader = false;
        follow.current = true;
        setSeenCount(null);
      } else if (reader) {
        if (follow.current) setSeenCount(shownRef.current);
        follow.current = false;
      } else if (follow.current) {
        toBottom();
      }
    };
    const inputs = ["wheel", "touchstart", "pointerdown", "keydown"] as const;
    for (const input of inputs) element.addEventListener(input, readerMoves, { passive: true });
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      for (const input of inputs) element.removeEventListener(input, readerMoves);
      element.removeEventListener("scroll", onScroll);
    };
  }, []);
  // Reaching the top puts the next page of earlier events above; scroll anchoring keeps the view still.
  useEffect(() => {
    const button = earlier.current;
    const root = list.current;
    if (!button || !root || typeof IntersectionObserver !== "function") return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && !follow.current && setPages((n) => n + 1), {
      root,
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [firstShown > 0]);
  const unseen = seenCount === null ? 0 : shownCount - seenCount;
  const streaming = model.transcript.streamingMessages;

  return (
    <div class="transcript-frame">
      <div class="transcript" data-testid="transcript" ref={list} role="log" aria-live="polite">
        {model.transcript.truncated && (
          <p class="truncated">Earlier messages are no longer held by the relay; this starts later in the session.</p>
        )}
        {shownCount === 0 && streaming.length === 0 && pendingMessages.length === 0 && !model.transcript.truncated && (
          <p class="empty" data-testid="transcript-empty">
            Nothing here yet. Send a message for the agent, <code>!command</code> to run a shell command on the computer,
            or <code>/help</code> for the rest.
          </p>
        )}
        {firstShown > 0 && (
          <button type="button" class="quiet earlier" data-testid="show-earlier" ref={earlier} onClick={() => setPages((n) => n + 1)}>
            Show earlier messages ({firstShown})
          </button>
        )}
        {
          // One array for committed and streaming items: keys match only within an array, and the
          // committed answer must find the streamed one (same key) to take over its rendered blocks.
          [
            ...events.slice(firstShown).map((event) =>
              event.type === "assistant_message" ? (
                <AssistantMessage key={`m:${event.messageId}`} text={event.text} seq={event.seq} />
              ) : (
                <EventView
                  key={event.seq}
                  event={event}
                  result={event.type === "tool_call" ? results.get(event.callId) : undefined}
                  label={originLabel(event.origin)}
                />
              ),
            ),
            ...streaming.map((message) => <AssistantMessage key={`m:${message.messageId}`} text={message.text} />),
          ]
        }
        {pendingMessages.map((pending) => (
          <PendingView key={pending.inputId} pending={pending} onRetry={onRetry} onDismiss={onDismiss} />
        ))}
      </div>
      {seenCount !== null && (unseen > 0 || streaming.length > 0) && (
        <button
          type="button"
          class="jump primary"
          data-testid="jump-to-latest"
          onClick={() => {
            follow.current = true;
            setSeenCount(null);
            toBottom();
          }}
        >
          ↓ {unseen > 0 ? `${unseen} new` : "Latest"}
        </button>
      )}
    </div>
  );
}

/**
 * One committed event. Events never change once committed, so it renders again only when its tool
 * result arrives or its sender's name does: a delta re-renders the open block, not the transcript.
 */
const EventView = memo(function EventView({ event, result, label }: { event: SessionEvent; result: ToolResult | undefined; label: string }) {
  switch (event.type) {
    case "user_message":
      return (
        <div class="message user" data-testid="event-user" data-seq={event.seq}>
          <div class="meta">
            {label} · {when(event.ts)}
          </div>
          <div class="text">{event.text}</div>
        </div>
      );
    case "tool_call":
      return <ToolView call={event} result={result} />;
    case "permission_request":
      return <Notice text={`Permission asked: ${event.summary || event.tool}`} />;
    case "permission_decision":
      return <Notice text={`${decisionText(event.decision)} by ${label}`} />;
    case "title":
      // A name no input gave is the one Remote Control was started with (or, in older logs, the session):
      // nobody renamed anything.
      return <Notice text={event.source === "name" && !event.inputId ? `Session named “${event.title}”` : `Session renamed “${event.title}”`} />;
    case "notice":
      return <Notice text={event.text} />;
    case "conversation_cleared":
      return <Notice text="Conversation cleared: the agent starts fresh from here." />;
    case "error":
      return (
        // The message is written for people; its code (unknown_command…) is for programs, as in the terminal.
        <div class="error" data-testid="event-error" data-code={event.code} role="alert">
          {event.message}
        </div>
      );
    default:
      return null; // status, tool_result (shown with its call), assistant messages (AssistantMessage), unknown types
  }
});

/**
 * An assistant answer; `seq` absent while it streams. While streaming, finished Markdown blocks are
 * rendered once and kept, and only the open block is parsed again when text arrives. The committed
 * message takes over the same instance (same key), so committing costs one last block, not the whole
 * answer. One never streamed here (history) is rendered whole, once.
 */
const AssistantMessage = memo(function AssistantMessage({ text, seq }: { text: string; seq?: number }) {
  const splitter = useRef<BlockSplitter | null>(null);
  if (seq === undefined && splitter.current === null) splitter.current = new BlockSplitter();
  const blocks = splitter.current?.update(text) ?? { finished: [], open: text };
  return (
    <div
      class={`message assistant${seq === undefined ? " streaming" : ""}`}
      data-testid="event-assistant"
      {...(seq === undefined ? { "data-streaming": "true" } : { "data-seq": seq })}
    >
      <div class="markdown">
        {blocks.finished.map((raw, index) => (
          <MarkdownBlock key={index} raw={raw} />
        ))}
        <MarkdownBlock key="open" raw={blocks.open} />
      </div>
    </div>
  );
});

const MarkdownBlock = memo(function MarkdownBlock({ raw }: { raw: string }) {
  return <div class="block" dangerouslySetInnerHTML={{ __html: renderMarkdown(raw) }} />;
});

function Notice({ text }: { text: string }) {
  return (
    <div class="notice" data-testid="event-notice">
      <pre>{text}</pre>
    </div>
  );
}

function ToolView({ call, result }: { call: ToolCall; result: ToolResult | undefined }) {
  const output = result?.output ?? "";
  const lines = outputLines(output);
  const open = result !== undefined && lines <= OPEN_TOOL_LINES;
  const state = result === undefined ? "running" : result.ok ? "ok" : "failed";
  // A closed card says how much it holds: a bare command line reads as a command that printed nothing.
  const size = open ? "" : `${lines} lines`;
  return (
    <details class={`tool ${state}`} data-testid="event-tool" open={open}>
      <summary>
        <span class="tool-name">{call.tool}</span> <code>{toolInput(call.input)}</code>
        <span class="tool-state">
          {state === "running"
            ? "running…"
            : state === "ok"
              ? size
              : [`failed${result?.exitCode !== undefined ? ` (exit ${result.exitCode})` : ""}`, size].filter(Boolean).join(" · ")}
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
