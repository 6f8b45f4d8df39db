import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../src/core/backoff.ts";

test("backoff doubles up to its cap, jittered into the upper half", () => {
  const top = new Backoff(500, 4_000, () => 1);
  assert.deepEqual([1, 2, 3, 4, 5].map(() => top.next()), [500, 1_000, 2_000, 4_000, 4_000]);
  const bottom = new Backoff(500, 4_000, () => 0);
  assert.deepEqual([1, 2].map(() => bottom.next()), [250, 500]);
  top.reset();
  assert.equal(top.next(), 500);
});
