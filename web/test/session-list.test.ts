import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SessionSummary } from "../src/core/protocol.ts";
import { groupByEnvironment, SessionListModel } from "../src/core/session-list.ts";
import { FakeClock } from "./fake-clock.ts";

const summary = (id: string, title: string, change: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  title,
  environment: { id: "env-1", name: "laptop", online: true },
  online: true,
  processing: false,
  pendingPermissions: 0,
  lastActivity: "2026-11-24T08:00:00Z",
  ...change,
});

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("SessionListModel", () => {
  test("polls on start and then every interval", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const list = new SessionListModel(async () => [summary("s-1", `v${++calls}`)], clock, 10_000);
    list.start();
    await settle();
    assert.equal(list.sessions[0]?.title, "v1");
    clock.advance(10_000);
    await settle();
    assert.equal(list.sessions[0]?.title, "v2");
    list.stop();
    clock.advance(60_000);
    await settle();
    assert.equal(calls, 2);
  });

  test("a session is unhosted only when the list names it without an environment", async () => {
    const { environment: _, ...stopped } = summary("s-2", "Stopped", { online: false });
    const list = new SessionListModel(async () => [summary("s-1", "Hosted"), stopped], new FakeClock());
    assert.equal(list.unhosted("s-2"), false, "nothing is known before the first poll");
    await list.refresh();
    assert.equal(list.unhosted("s-1"), false);
    assert.equal(list.unhosted("s-2"), true);
    assert.equal(list.unhosted("s-3"), false, "a session the list does not name yet");
  });

  test("a session resumes on opening only under a server-mode environment that runs now", async () => {
    const server = { id: "env-2", name: "desk", online: true, spawnMode: "worktree" as const };
    const list = new SessionListModel(
      async () => [
        summary("s-1", "Single", { online: false, environment: { id: "env-1", name: "laptop", online: true, spawnMode: "single-session" } }),
        summary("s-2", "Earlier", { online: false, environment: server }),
        summary("s-3", "Stopped", { online: false, environment: { ...server, online: false } }),
        summary("s-4", "Older relay", { online: false }),
      ],
      new FakeClock(),
    );
    assert.equal(list.resumesOn("s-2"), null, "nothing is known before the first poll");
    await list.refresh();
    assert.equal(list.resumesOn("s-1"), null, "a single-session environment hosts only its own");
    assert.equal(list.resumesOn("s-2"), "desk");
    assert.equal(list.resumesOn("s-3"), null, "its computer is not running");
    assert.equal(list.resumesOn("s-4"), null, "a relay that does not say the spawn mode");
  });

  test("a notice stays through later polls, successful or not, and tells the listeners", async () => {
    const clock = new FakeClock();
    let failing = false;
    const list = new SessionListModel(async () => {
      if (failing) throw new Error("offline");
      return [summary("s-1", "One")];
    }, clock);
    let told = 0;
    list.subscribe(() => told++);
    assert.equal(list.notice, null);
    list.note("A key from the relay failed verification and was not used.");
    assert.equal(told, 1);
    await list.refresh();
    failing = true;
    await list.refresh();
    assert.equal(list.error, "offline");
    assert.equal(list.notice, "A key from the relay failed verification and was not used.");
  });

  test("the open session's stream overrides the last poll until the next poll", async () => {
    const clock = new FakeClock();
    let title = "Old";
    const list = new SessionListModel(async () => [summary("s-1", title), summary("s-2", "Other")], clock);
    await list.refresh();
    list.update("s-1", { title: "Renamed", processing: true, pendingPermissions: 1 });
    assert.deepEqual(
      list.sessions.map((s) => [s.title, s.processing, s.pendingPermissions]),
      [["Renamed", true, 1], ["Other", false, 0]],
    );
    title = "Renamed";
    await list.refresh();
    assert.equal(list.sessions[0]?.processing, false);
  });

  test("a failed poll keeps the list and says why", async () => {
    const clock = new FakeClock();
    let fail = false;
    const list = new SessionListModel(async () => {
      if (fail) throw new Error("relay unreachable");
      return [summary("s-1", "Kept")];
    }, clock);
    await list.refresh();
    fail = true;
    await list.refresh();
    assert.equal(list.error, "relay unreachable");
    assert.equal(list.sessions[0]?.title, "Kept");
  });

  test("refreshes asked for while one is running share it", async () => {
    let calls = 0;
    const list = new SessionListModel(async () => (calls++, []), new FakeClock());
    await Promise.all([list.refresh(), list.refresh(), list.refresh()]);
    assert.equal(calls, 1);
  });
});

describe("groupByEnvironment", () => {
  const server = { id: "env-2", name: "build box", online: false, spawnMode: "same-dir" as const };
  const single = { id: "env-1", name: "laptop", online: true, spawnMode: "single-session" as const };

  test("groups sessions under their environment, in the list's order, groups by their first session", () => {
    const groups = groupByEnvironment([
      summary("a", "A", { environment: server }),
      summary("b", "B", { environment: single }),
      summary("c", "C", { environment: server }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.environment?.name, g.sessions.map((s) => s.id)]),
      [
        ["build box", ["a", "c"]],
        ["laptop", ["b"]],
      ],
    );
  });

  test("only an environment that spawns offers a new session; one from an older relay does not", () => {
    const legacy = { id: "env-3", name: "old relay", online: true };
    const groups = groupByEnvironment([
      summary("a", "A", { environment: server }),
      summary("b", "B", { environment: single }),
      summary("c", "C", { environment: legacy }),
      summary("d", "D", { environment: { ...server, id: "env-4", spawnMode: "worktree" } }),
    ]);
    assert.deepEqual(
      groups.map((g) => g.canSpawn),
      [true, false, false, true],
    );
  });

  test("sessions without an environment form one group of their own", () => {
    const { environment: _, ...bare } = summary("x", "X");
    const groups = groupByEnvironment([bare, summary("y", "Y")]);
    assert.deepEqual(
      groups.map((g) => [g.environment?.id ?? null, g.sessions.length, g.canSpawn]),
      [
        [null, 1, false],
        ["env-1", 1, false],
      ],
    );
  });
});
