import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BlockSplitter } from "../src/core/markdown-blocks.ts";

/** Feeds `text` in pieces of `size` characters, the way deltas arrive, and returns the last split. */
function stream(text: string, size: number) {
  const splitter = new BlockSplitter();
  let blocks = splitter.update("");
  const seen: string[][] = [];
  for (let end = size; end < text.length + size; end += size) {
    blocks = splitter.update(text.slice(0, Math.min(end, text.length)));
    seen.push([...blocks.finished]);
  }
  return { blocks, seen };
}

const ANSWER = [
  "# Plan",
  "",
  "Some prose that runs on.",
  "",
  "- one",
  "- two",
  "",
  "- three, the same list",
  "",
  "```ts",
  "const a = 1;",
  "",
  "const b = 2;",
  "```",
  "",
  "| a | b |",
  "|---|---|",
  "| 1 | 2 |",
  "",
  "The end.",
].join("\n");

describe("BlockSplitter", () => {
  test("finished blocks and the open tail always spell the whole text", () => {
    for (const size of [1, 3, 17, 1000]) {
      const { blocks } = stream(ANSWER, size);
      assert.equal(blocks.finished.join("") + blocks.open, ANSWER, `pieces of ${size}`);
    }
  });

  test("a finished block never changes and only grows the list: each is rendered once", () => {
    const { seen } = stream(ANSWER, 2);
    for (let i = 1; i < seen.length; i++) {
      const before = seen[i - 1]!;
      assert.deepEqual(seen[i]!.slice(0, before.length), before, `update ${i} rewrote a finished block`);
    }
    const last = seen.at(-1)!;
    assert.deepEqual(
      last.map((raw) => raw.split("\n")[0]),
      ["# Plan", "Some prose that runs on.", "- one", "```ts", "| a | b |"],
    );
  });

  test("a list stays open across a blank line, so a later item joins it", () => {
    const splitter = new BlockSplitter();
    assert.deepEqual(splitter.update("- a\n- b\n\n").finished, []);
    const blocks = splitter.update("- a\n- b\n\n- c\n\nafter");
    assert.deepEqual(blocks.finished, ["- a\n- b\n\n- c\n\n"]);
    assert.equal(blocks.open, "after");
  });

  test("an unclosed code fence is open however long it grows", () => {
    const splitter = new BlockSplitter();
    const blocks = splitter.update("intro\n\n```\nline\n\nmore\n\n# not a heading\n");
    assert.deepEqual(blocks.finished, ["intro\n\n"]);
    assert.ok(blocks.open.startsWith("```"));
  });

  test("text that does not continue the previous text starts over", () => {
    const splitter = new BlockSplitter();
    splitter.update("# one\n\ntwo");
    const blocks = splitter.update("# other\n\nthree");
    assert.deepEqual(blocks.finished, ["# other\n\n"]);
    assert.equal(blocks.open, "three");
  });
});
