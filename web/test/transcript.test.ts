import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Transcript } from "../src/core/transcript.ts";
import { assistant, status, sync, user } from "./events.ts";

const seqs = (t: Transcript) => t.events.map((e) => e.seq);

describe("Transcript", () => {
  test("has no cursor before the first sync, then the epoch and the last seq", () => {
    const t = new Transcript();
    assert.equal(t.cursor, null);
    t.sync(sync("gap", "e1", [user(1, "hi"), status(2, true)]));
    assert.deepEqual(t.cursor, { epoch: "e1", seq: 2 });
  });

  test("an empty log still has a cursor at seq 0 of its epoch", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", []));
    assert.deepEqual(t.cursor, { epoch: "e1", seq: 0 });
  });

  test("sync ok appends what follows the cursor", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "a"), user(2, "b")]));
    assert.equal(t.sync(sync("ok", "e1", [user(3, "c")])), "appended");
    assert.deepEqual(seqs(t), [1, 2, 3]);
  });

  test("sync gap replaces everything and says when the tail is truncated", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "a"), user(2, "b")]));
    t.delta("m-1", "half a sent");
    t.sync({ ...sync("gap", "e2", [user(40, "x"), user(41, "y")]), truncated: true });
    assert.deepEqual(seqs(t), [40, 41]);
    assert.equal(t.truncated, true);
    assert.deepEqual(t.cursor, { epoch: "e2", seq: 41 });
    assert.deepEqual(t.streamingMessages, []);
  });

  test("a sync ok for another epoch is treated as a gap", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "a"), user(2, "b")]));
    t.sync(sync("ok", "e2", [user(1, "new")]));
    assert.deepEqual(seqs(t), [1]);
    assert.equal(t.cursor?.epoch, "e2");
  });

  test("events already held are ignored, so a resend shows nothing twice", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "a")]));
    t.append([user(1, "a"), user(2, "b")]);
    t.append([user(2, "b"), user(3, "c")]);
    assert.deepEqual(seqs(t), [1, 2, 3]);
  });

  test("a hole in the seqs is reported and nothing after it is taken", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "a")]));
    assert.equal(t.append([user(2, "b"), user(4, "d")]), "hole");
    assert.deepEqual(seqs(t), [1, 2]);
  });

  test("deltas build a streaming message that the committed assistant_message replaces", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "q")]));
    t.delta("m-1", "Hel");
    t.delta("m-1", "lo");
    assert.deepEqual(t.streamingMessages, [{ messageId: "m-1", text: "Hello" }]);
    t.append([assistant(2, "m-1", "Hello!")]);
    assert.deepEqual(t.streamingMessages, []);
    assert.equal(t.events.at(-1)?.type, "assistant_message");
  });

  test("a delta arriving after its message committed is dropped", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [assistant(1, "m-1", "done")]));
    t.delta("m-1", "late");
    assert.deepEqual(t.streamingMessages, []);
  });

  test("a reconnect mid-stream shows the committed message once, never the half message", () => {
    const t = new Transcript();
    t.sync(sync("gap", "e1", [user(1, "q")]));
    t.delta("m-1", "half");
    t.sync(sync("ok", "e1", [assistant(2, "m-1", "whole")]));
    assert.deepEqual(t.streamingMessages, []);
    assert.deepEqual(
      t.events.filter((e) => e.type === "assistant_message").map((e) => (e as { text: string }).text),
      ["whole"],
    );
  });
});
