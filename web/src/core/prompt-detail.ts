import type { PermissionRequest } from "./protocol.ts";

/** One line of an edit's diff: removed, added, or context kept as it is. */
export interface DiffLine {
  op: "-" | "+" | " ";
  text: string;
}

/** What a permission prompt allows, in the form a person checks it in. */
export type PromptDetail =
  | { kind: "write"; path: string; lines: string[] }
  | { kind: "edit"; path: string; diff: DiffLine[]; replaceAll: boolean }
  | { kind: "shell"; command: string }
  | { kind: "mcp"; server: string; tool: string; args: string[] }
  | { kind: "other"; tool: string; args: string[] };

const text = (input: unknown, key: string): string | undefined => {
  if (input && typeof input === "object" && key in input) {
    const value = (input as Record<string, unknown>)[key];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
};

const lines = (value: string): string[] => value.replace(/\n$/, "").split("\n");

const json = (input: unknown): string[] => lines(JSON.stringify(input ?? {}, null, 2));

/** Reads a prompt's tool input; inputs of an unexpected shape fall back to their JSON, never to nothing. */
export function promptDetail(request: Pick<PermissionRequest, "tool" | "input">): PromptDetail {
  const { tool, input } = request;
  const path = text(input, "path");
  if (tool === "Write" && path !== undefined && text(input, "content") !== undefined) {
    return { kind: "write", path, lines: lines(text(input, "content")!) };
  }
  const before = text(input, "old_string");
  const after = text(input, "new_string");
  if (tool === "Edit" && path !== undefined && before !== undefined && after !== undefined) {
    const replaceAll = !!(input && typeof input === "object" && (input as Record<string, unknown>)["replace_all"] === true);
    return { kind: "edit", path, diff: lineDiff(before, after), replaceAll };
  }
  const command = text(input, "command");
  if (tool === "Shell" && command !== undefined) {
    return { kind: "shell", command };
  }
  const mcp = /^mcp__(.+?)__(.+)$/.exec(tool);
  if (mcp) {
    return { kind: "mcp", server: mcp[1]!, tool: mcp[2]!, args: json(input) };
  }
  return { kind: "other", tool, args: json(input) };
}

/**
 * The lines an edit removes and adds, with the lines both sides share at the start and the end kept
 * as context: an edit's two strings are a few lines each, so this is the whole diff a reader needs.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === "" ? [] : lines(before);
  const b = after === "" ? [] : lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [
    ...a.slice(0, head).map((line) => ({ op: " " as const, text: line })),
    ...a.slice(head, a.length - tail).map((line) => ({ op: "-" as const, text: line })),
    ...b.slice(head, b.length - tail).map((line) => ({ op: "+" as const, text: line })),
    ...a.slice(a.length - tail).map((line) => ({ op: " " as const, text: line })),
  ];
}

/** The page title while nothing waits, and the one that says a prompt does. */
export function pageTitle(sessionTitle: string, waiting: boolean): string {
  const title = sessionTitle || "Baton";
  return waiting ? `(!) Permission needed — ${title}` : sessionTitle ? `${sessionTitle} — Baton` : "Baton";
}
