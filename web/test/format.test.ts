import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { outputLines } from "../src/ui/format.ts";

describe("outputLines", () => {
  test("no output is no line", () => {
    assert.equal(outputLines(""), 0);
  });

  test("the newline ending the output starts no line of its own", () => {
    assert.equal(outputLines("a\nb\n"), 2);
    assert.equal(outputLines("a\nb"), 2);
  });

  test("blank lines inside the output count", () => {
    assert.equal(outputLines("a\n\nb\n\n"), 4);
  });
});
