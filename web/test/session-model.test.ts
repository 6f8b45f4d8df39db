import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SessionModel } from "../src/core/session-model.ts";
import { FakeClock } from "./fake-clock.ts";
import { prompt, status, sync, ts, user } from "./events.ts";

function model() {
  let n = 0;
  const clock = new FakeClock();
  return { clock, model: new SessionModel("s-1", clock, () => `in-${++n}`) };
}

describe("SessionModel", () => {
  test("a submitted input is pending until its inputId comes back committed", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", []));
    const id = m.submit({ kind: "message", text: "hello" });
    assert.deepEqual(m.pending.all.map((p) => [p.inputId, p.status]), [[id, "sending"]]);
    m.receive({ type: "events", events: [user(1, "someone else", "in-other")] });
    assert.equal(m.pending.all.length, 1);
    m.receive({ type: "events", events: [status(2, true, id)] });
    assert.equal(m.pending.all.length, 1, "a status event seals nothing, so its inputId settles nothing");
    m.receive({ type: "events", events: [user(3, "hello", id, "dev-1")] });
    assert.equal(m.pending.all.length, 0);
  });

  test("inputQueued shows the input as queued; an error frame with its inputId marks it failed", () => {
    const { model: m } = model();
    const a = m.submit({ kind: "message", text: "a" });
    const b = m.submit({ kind: "message", text: "b" });
    m.receive({ type: "inputQueued", inputId: a });
    m.receive({ type: "error", code: "rate_limited", message: "slow down", inputId: b });
    assert.deepEqual(
      m.pending.all.map((p) => [p.status, p.error]),
      [["queued", undefined], ["failed", "slow down"]],
    );
    assert.deepEqual(m.pending.toResend.map((p) => p.inputId), [a]);
    assert.equal(m.problem, null);
  });

  test("an error frame without an inputId is a problem for the whole session", () => {
    const { model: m } = model();
    m.receive({ type: "error", code: "unauthorized", message: "device revoked" });
    assert.deepEqual(m.problem, { code: "unauthorized", message: "device revoked" });
  });

  test("a computer that did not take the session up is a problem until a host is online", () => {
    const { model: m } = model();
    m.linkOpened();
    m.receive(sync("gap", "e1", [], {}, false));
    m.receive({ type: "error", code: "host_declined", message: "Could not resume this session on its computer: …" });
    m.receive({ type: "presence", online: false, since: "2026-11-24T08:01:00Z" });
    assert.equal(m.problem?.code, "host_declined", "still nobody hosts it");
    m.receive({ type: "presence", online: true, since: "2026-11-24T08:02:00Z" });
    assert.equal(m.problem, null, "hosted after all (closed in the other process, opened again)");

    m.receive({ type: "error", code: "unauthorized", message: "device revoked" });
    m.receive({ type: "presence", online: true, since: "2026-11-24T08:03:00Z" });
    assert.deepEqual(m.problem, { code: "unauthorized", message: "device revoked" }, "other problems are not the host's to end");
  });

  test("a committed error event with the inputId settles the input (the error shows in the transcript)", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", []));
    const id = m.submit({ kind: "rename", title: "" });
    m.receive({ type: "events", events: [{ seq: 1, ts, type: "error", code: "invalid_argument", message: "empty", inputId: id }] });
    assert.equal(m.pending.all.length, 0);
    assert.equal(m.transcript.events.length, 1);
  });

  test("title, processing and permission prompts follow the events after the snapshot", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", [], { title: "Old", pendingPermissions: [prompt(3, "p0")] }));
    assert.equal(m.title, "Old");
    m.receive({
      type: "events",
      events: [
        { seq: 1, ts, type: "title", title: "New", source: "rename" },
        status(2, true),
        prompt(3, "p1"),
        prompt(4, "p2"),
      ],
    });
    assert.equal(m.title, "New");
    assert.equal(m.processing, true);
    assert.deepEqual(m.permissions.map((p) => p.requestId), ["p0", "p1", "p2"]);
    m.receive({
      type: "events",
      events: [
        { seq: 5, ts, type: "permission_decision", requestId: "p1", decision: "allow" },
        { seq: 6, ts, type: "tool_result", callId: "p2", ok: false, output: "interrupted" },
        status(7, false),
      ],
    });
    assert.deepEqual(m.permissions.map((p) => p.requestId), ["p0"]);
    assert.equal(m.processing, false);
  });

  test("a prompt in both the snapshot and the tail shows once", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", [prompt(1, "p1")], { pendingPermissions: [prompt(1, "p1")] }));
    assert.equal(m.permissions.length, 1);
  });

  test("a hole leaves the snapshot untouched and is reported", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", [user(1, "a")]));
    assert.equal(m.receive({ type: "events", events: [status(3, true)] }), "hole");
    assert.equal(m.processing, false);
  });

  test("a sync ok that does not continue the transcript changes nothing and is reported", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", [user(1, "a")]));
    const id = m.submit({ kind: "message", text: "b" });
    assert.equal(m.receive(sync("ok", "e1", [user(3, "b", id)], { title: "Later" })), "hole");
    assert.equal(m.title, "Fix the build");
    assert.equal(m.pending.all.length, 1, "still pending: its event was not taken");
  });

  test("online needs both a live link and the relay's presence", () => {
    const { model: m } = model();
    m.receive(sync("gap", "e1", [], {}, true));
    assert.equal(m.online, false, "not online before the link says it is open");
    m.linkOpened();
    assert.equal(m.online, true);
    m.receive({ type: "presence", online: false, since: "2026-11-24T08:01:00Z" });
    assert.equal(m.online, false);
    assert.equal(m.onlineSince, "2026-11-24T08:01:00Z");
    m.receive({ type: "presence", online: true, since: "2026-11-24T08:02:00Z" });
    assert.equal(m.online, true);
    m.linkLost();
    assert.equal(m.online, false, "a lost link knows nothing fresh about the machine");
  });

  test("a host is remembered as seen online once the relay called it so, until the session is opened anew", () => {
    const { model: m } = model();
    m.linkOpened();
    m.receive(sync("gap", "e1", [], {}, false));
    assert.equal(m.seenOnline, false, "offline from the start: maybe waiting for a computer to take it up");
    m.receive({ type: "presence", online: true, since: "2026-11-24T08:02:00Z" });
    m.receive({ type: "presence", online: false, since: "2026-11-24T08:03:00Z" });
    assert.equal(m.seenOnline, true, "went offline after being online: its host went away");
    assert.equal(model().model.seenOnline, false);
  });

  test("the reconnect banner waits 3 s after the link is lost, and listeners hear when it appears", () => {
    const { model: m, clock } = model();
    m.linkOpened();
    let changes = 0;
    m.subscribe(() => changes++);
    m.linkLost();
    const afterLoss = changes;
    clock.advance(2_999);
    assert.equal(m.reconnecting, false);
    assert.equal(changes, afterLoss, "nothing to redraw before the delay");
    clock.advance(1);
    assert.equal(m.reconnecting, true);
    assert.equal(changes, afterLoss + 1);
    m.linkOpened();
    assert.equal(m.reconnecting, false);
  });

  test("a quick blip never shows the banner", () => {
    const { model: m, clock } = model();
    m.linkOpened();
    m.linkLost();
    clock.advance(1_500);
    m.linkOpened();
    clock.advance(5_000);
    assert.equal(m.reconnecting, false);
  });

  test("a first connection that takes over 3 s shows the banner too", () => {
    const { model: m, clock } = model();
    clock.advance(3_000);
    assert.equal(m.reconnecting, true);
  });
});
