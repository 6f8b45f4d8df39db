import assert from "node:assert/strict";
import { test } from "node:test";
import { directoryLabel } from "../src/core/directory-label.ts";

test("a home folder reads as ~ on Linux, macOS, root's and Windows", () => {
  assert.equal(directoryLabel("/home/alice/src/baton"), "~/src/baton");
  assert.equal(directoryLabel("/Users/alice/src/baton"), "~/src/baton");
  assert.equal(directoryLabel("/root/work"), "~/work");
  assert.equal(directoryLabel("C:\\Users\\alice\\src\\baton"), "~\\src\\baton");
  assert.equal(directoryLabel("/home/alice"), "~");
});

test("anything else is shown as it is, and a name that only starts like a home is left alone", () => {
  assert.equal(directoryLabel("/srv/baton"), "/srv/baton");
  assert.equal(directoryLabel("/home"), "/home");
  assert.equal(directoryLabel("/rootless/x"), "/rootless/x");
  assert.equal(directoryLabel("/mnt/home/alice/x"), "/mnt/home/alice/x");
});
