import { useState } from "preact/hooks";
import { promptDetail, type PromptDetail } from "../core/prompt-detail.ts";
import type { Decision, PermissionRequest } from "../core/protocol.ts";

/** Lines shown before "Show all": about a phone's screenful above the buttons. */
const COLLAPSED_LINES = 12;

interface Props {
  request: PermissionRequest;
  /** An answer is on its way: the buttons show it instead of offering a second click. */
  answering: boolean;
  onDecide: (decision: Decision) => void;
}

/** A permission prompt that shows what it allows: the file's content, the edit's diff, the command, the MCP call. */
export function PermissionPrompt({ request, answering, onDecide }: Props) {
  const detail = promptDetail(request);
  // The backend's summary often says the same with more (a size); show it once.
  const title = heading(detail);
  const summary = request.summary ?? "";
  const lead = summary.startsWith(title) ? summary : title;
  return (
    <div class="permission" data-testid="permission" data-kind={detail.kind} role="group" aria-label={`Permission request: ${request.tool}`}>
      <div class="summary">
        <strong>{lead}</strong>
        {summary && lead !== summary && <span class="muted"> · {summary}</span>}
      </div>
      <Body detail={detail} />
      <div class="actions">
        <button type="button" class="primary" data-testid="permission-allow" disabled={answering} onClick={() => onDecide("allow")}>
          Allow
        </button>
        <button type="button" data-testid="permission-deny" disabled={answering} onClick={() => onDecide("deny")}>
          Deny
        </button>
        <button type="button" data-testid="permission-always" disabled={answering} onClick={() => onDecide("allowAlways")}>
          Always allow
        </button>
      </div>
    </div>
  );
}

function heading(detail: PromptDetail): string {
  switch (detail.kind) {
    case "write":
      return `Write ${detail.path}`;
    case "edit":
      return `Edit ${detail.path}${detail.replaceAll ? " (every occurrence)" : ""}`;
    case "shell":
      return "Run a command";
    case "mcp":
      return `${detail.server}: ${detail.tool}`;
    case "other":
      return detail.tool;
  }
}

function Body({ detail }: { detail: PromptDetail }) {
  switch (detail.kind) {
    case "write":
      return <Lines lines={detail.lines.map((text) => ({ text }))} />;
    case "edit":
      return <Lines lines={detail.diff.map(({ op, text }) => ({ text: `${op} ${text}`, op }))} />;
    case "shell":
      return (
        <pre class="prompt-body command" data-testid="permission-detail">
          {detail.command}
        </pre>
      );
    case "mcp":
    case "other":
      return <Lines lines={detail.args.map((text) => ({ text }))} />;
  }
}

/** Lines beyond a screenful stay folded until asked for, so the buttons stay in reach. */
function Lines({ lines }: { lines: { text: string; op?: string }[] }) {
  const [open, setOpen] = useState(false);
  const folded = !open && lines.length > COLLAPSED_LINES;
  const shown = folded ? lines.slice(0, COLLAPSED_LINES) : lines;
  return (
    <>
      <pre class={`prompt-body${open ? " open" : ""}`} data-testid="permission-detail">
        {shown.map((line, index) => (
          <span key={index} class={line.op === "-" ? "del" : line.op === "+" ? "add" : undefined}>
            {line.text}
            {"\n"}
          </span>
        ))}
      </pre>
      {lines.length > COLLAPSED_LINES && (
        <button type="button" class="quiet more" data-testid="permission-expand" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Show less" : `Show all ${lines.length} lines`}
        </button>
      )}
    </>
  );
}
