import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lineDiff, pageTitle, promptDetail } from "../src/core/prompt-detail.ts";

describe("promptDetail", () => {
  test("Write shows the path and every line of the content", () => {
    assert.deepEqual(promptDetail({ tool: "Write", input: { path: "a.txt", content: "one\ntwo\n" } }), {
      kind: "write",
      path: "a.txt",
      lines: ["one", "two"],
    });
  });

  test("Edit shows a diff: shared lines as context, the replaced lines removed and added", () => {
    const detail = promptDetail({ tool: "Edit", input: { path: "m.ts", old_string: "a\nb\nc", new_string: "a\nB\nB2\nc" } });
    assert.deepEqual(detail, {
      kind: "edit",
      path: "m.ts",
      replaceAll: false,
      diff: [
        { op: " ", text: "a" },
        { op: "-", text: "b" },
        { op: "+", text: "B" },
        { op: "+", text: "B2" },
        { op: " ", text: "c" },
      ],
    });
  });

  test("Shell shows the whole command, however long", () => {
    const command = `rm -rf build && ${"x".repeat(500)}`;
    assert.deepEqual(promptDetail({ tool: "Shell", input: { command } }), { kind: "shell", command });
  });

  test("an MCP tool shows its server, its tool and its arguments", () => {
    assert.deepEqual(promptDetail({ tool: "mcp__github__create_issue", input: { title: "Bug" } }), {
      kind: "mcp",
      server: "github",
      tool: "create_issue",
      args: ["{", '  "title": "Bug"', "}"],
    });
  });

  test("an input of an unexpected shape falls back to its JSON", () => {
    assert.deepEqual(promptDetail({ tool: "Write", input: { path: 3 } }), { kind: "other", tool: "Write", args: ["{", '  "path": 3', "}"] });
  });
});

describe("lineDiff", () => {
  test("an insertion into empty text is all added lines", () => {
    assert.deepEqual(lineDiff("", "x\ny"), [
      { op: "+", text: "x" },
      { op: "+", text: "y" },
    ]);
  });
});

describe("pageTitle", () => {
  test("says when a permission is needed, and names the session", () => {
    assert.equal(pageTitle("Fix the build", true), "(!) Permission needed — Fix the build");
    assert.equal(pageTitle("Fix the build", false), "Fix the build — Baton");
    assert.equal(pageTitle("", false), "Baton");
  });
});
