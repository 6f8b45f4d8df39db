import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Backoff } from "../src/core/backoff.ts";
import { SAVED_EVENTS_LIMIT } from "../src/core/saved-session.ts";
import { SessionModel } from "../src/core/session-model.ts";
import { SessionStream, type SocketHandlers } from "../src/core/session-stream.ts";
import { keepSaved, type SessionStore } from "../src/transport/session-cache.ts";
import { FakeClock } from "./fake-clock.ts";
import { prompt, sync, user } from "./events.ts";

function newModel(prefix = "in") {
  let n = 0;
  return new SessionModel("s-1", new FakeClock(), () => `${prefix}-${++n}`);
}

/** A model that saw a session: a title, two messages, a prompt, and one input not yet committed. */
function seen() {
  const model = newModel();
  model.receive(sync("gap", "e1", [user(1, "first"), user(2, "second")], { title: "Fix the build" }));
  model.receive({ type: "events", events: [prompt(3, "call_1")] });
  const typed = model.submit({ kind: "message", text: "typed on the train" });
  return { model, typed };
}

describe("a session kept for offline", () => {
  test("comes back as it was seen: transcript, title, prompt, cursor, and the input still on its way", () => {
    const { model, typed } = seen();
    const saved = model.saved();
    assert.ok(saved);
    const restored = newModel("other");
    restored.restore(JSON.parse(JSON.stringify(saved)));

    assert.equal(restored.loaded, true);
    assert.deepEqual(restored.transcript.events, model.transcript.events);
    assert.deepEqual(restored.transcript.cursor, { epoch: "e1", seq: 3 });
    assert.equal(restored.title, "Fix the build");
    assert.deepEqual(restored.permissions.map((p) => p.requestId), ["call_1"]);
    assert.deepEqual(restored.pending.all.map((p) => [p.inputId, p.input, p.status]), [
      [typed, { kind: "message", text: "typed on the train" }, "sending"],
    ]);
    assert.equal(restored.online, false, "the machine shows as offline until the relay says otherwise");
  });

  test("nothing is kept before the first sync, and a restore after one is ignored", () => {
    const empty = newModel();
    assert.equal(empty.saved(), null);
    const { model } = seen();
    const fresh = newModel();
    fresh.receive(sync("gap", "e2", [user(1, "newer")]));
    fresh.restore(model.saved()!);
    assert.deepEqual(fresh.transcript.cursor, { epoch: "e2", seq: 1 });
  });

  test("a long transcript keeps its latest events and says it is truncated", () => {
    const model = newModel();
    const events = Array.from({ length: SAVED_EVENTS_LIMIT + 5 }, (_, i) => user(i + 1, `m${i + 1}`));
    model.receive(sync("gap", "e1", events));
    const saved = model.saved()!;
    assert.equal(saved.events.length, SAVED_EVENTS_LIMIT);
    assert.equal(saved.events.at(-1)?.seq, SAVED_EVENTS_LIMIT + 5);
    assert.equal(saved.truncated, true);
  });

  test("a restored session subscribes from its cursor and sends its unsent input after the sync, once", async () => {
    const { model, typed } = seen();
    const restored = newModel("other");
    restored.restore(model.saved()!);
    const sent: any[] = [];
    let handlers: SocketHandlers | null = null;
    const stream = new SessionStream(
      restored,
      async (h) => {
        handlers = h;
        return { send: (text) => sent.push(JSON.parse(text)), close: () => undefined };
      },
      new FakeClock(),
      { backoff: new Backoff(500, 15_000, () => 1) },
    );
    stream.start();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(sent[0], { type: "subscribe", cursor: { epoch: "e1", seq: 3 } });
    assert.equal(sent.filter((f) => f.type === "input").length, 0, "nothing goes before the relay answers");
    handlers!.message(JSON.stringify(sync("ok", "e1", [])));
    assert.deepEqual(sent.filter((f) => f.type === "input").map((f) => f.inputId), [typed]);
    stream.stop();
  });

  test("changes are saved at most once a second, and at once when the page hides", async () => {
    const writes: number[] = [];
    const store: SessionStore = {
      load: async () => null,
      save: async (_id, session) => void writes.push(session.events.length),
      clear: async () => undefined,
    };
    let hide: (() => void) | null = null;
    const model = newModel();
    const stop = keepSaved(model, store, (flush) => ((hide = flush), () => (hide = null)));
    model.receive(sync("gap", "e1", [user(1, "a")]));
    model.receive({ type: "events", events: [user(2, "b")] });
    assert.deepEqual(writes, [], "the first write waits for more changes");
    hide!();
    assert.deepEqual(writes, [2]);
    model.receive({ type: "events", events: [user(3, "c")] });
    stop();
    assert.deepEqual(writes, [2, 3], "closing the session saves what is left");
    assert.equal(hide, null);
  });

  test("an input is saved the moment it is typed, without waiting for the transcript's delay", () => {
    const pendings: string[][] = [];
    const store: SessionStore = {
      load: async () => null,
      save: async (_id, session) => void pendings.push(session.pending.map((p) => p.inputId)),
      clear: async () => undefined,
    };
    const model = newModel();
    model.receive(sync("gap", "e1", [user(1, "a")]));
    const stop = keepSaved(model, store, () => () => undefined);
    const typed = model.submit({ kind: "message", text: "now" });
    assert.deepEqual(pendings, [[typed]]);
    model.receive({ type: "events", events: [user(2, "now", typed)] });
    assert.deepEqual(pendings, [[typed], []], "settling it is saved at once too");
    stop();
  });
});
