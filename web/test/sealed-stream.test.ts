import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Backoff } from "../src/core/backoff.ts";
import { SessionModel } from "../src/core/session-model.ts";
import { SessionStream, type SocketHandlers } from "../src/core/session-stream.ts";
import { aad } from "../src/crypto/aad.ts";
import { openSummaries } from "../src/crypto/list-opener.ts";
import { fromBase64Url, openJson, seal, toBase64Url } from "../src/crypto/seal.ts";
import { sealStream } from "../src/transport/sealed-stream.ts";
import { FakeClock } from "./fake-clock.ts";
import { assistant, user } from "./events.ts";
import { sealingHost } from "./sealing.ts";

/** Waits for what Web Crypto answers asynchronously; fails after a second. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), "the condition never held");
}

async function setup() {
  const host = await sealingHost();
  const clock = new FakeClock();
  let n = 0;
  const model = new SessionModel(host.sessionId, clock, () => `in-${++n}`);
  const sockets: { handlers: SocketHandlers; sent: any[]; closed: boolean }[] = [];
  const dial = async (handlers: SocketHandlers) => {
    const socket = { handlers, sent: [] as any[], closed: false };
    sockets.push(socket);
    return {
      send: (text: string) => socket.sent.push(JSON.parse(text)),
      // as a WebSocket does: closing it reports it closed
      close: () => {
        socket.closed = true;
        handlers.closed();
      },
    };
  };
  const reports = { rejected: (message: string) => model.rejected(message), locked: (reason: string) => model.lock(reason) };
  const stream = new SessionStream(model, (handlers) => sealStream(host.sessionId, host.keyring, reports, handlers, dial), clock, {
    backoff: new Backoff(500, 15_000, () => 1),
  });
  const push = (frame: object) => sockets.at(-1)!.handlers.message(JSON.stringify(frame));
  const sync = async (...events: Parameters<typeof host.event>[0][]) => ({
    type: "sync",
    status: "gap",
    epoch: host.epoch,
    truncated: false,
    online: true,
    events: await Promise.all(events.map((event) => host.event(event))),
    snapshot: { title: await host.title("Fix the build"), processing: false, pendingPermissions: [], online: true },
    key: host.wrapped,
  });
  stream.start();
  await until(() => sockets.length === 1 && sockets[0]!.sent.length > 0);
  return { host, model, sockets, push, sync, stream, clock };
}

describe("a sealed session stream", () => {
  test("the model sees plaintext, the relay sees a sealed input and protocol 2", async () => {
    const { host, model, sockets, push, sync, stream } = await setup();
    assert.deepEqual(sockets[0]!.sent[0], { type: "subscribe", cursor: null, protocol: 2 });
    push(await sync(user(1, "hello")));
    await until(() => model.loaded);
    assert.equal(model.title, "Fix the build");
    assert.deepEqual(model.transcript.events, [user(1, "hello")]);
    stream.send(model.submit({ kind: "message", text: "the secret plan" }));
    await until(() => sockets[0]!.sent.some((frame) => frame.type === "input"));
    const input = sockets[0]!.sent.find((frame) => frame.type === "input");
    assert.doesNotMatch(JSON.stringify(input), /secret/);
    assert.deepEqual(await openJson(host.sessionKey, input.sealed, aad.input(host.sessionId, input.inputId)), {
      kind: "message",
      text: "the secret plan",
    });
  });

  test("a tampered event is not rendered, the cursor stays, the page says so, and the stream resubscribes", async () => {
    const { host, model, sockets, push, sync, clock } = await setup();
    push(await sync(user(1, "hello")));
    await until(() => model.loaded);
    const bad = await host.event(assistant(2, "m1", "answer"));
    const bytes = fromBase64Url(bad.sealed!);
    bytes[bytes.length - 1]! ^= 1;
    push({ type: "events", events: [{ ...bad, sealed: toBase64Url(bytes) }] });
    await until(() => model.rejection !== null);
    assert.equal(model.rejection, "An event from the relay failed verification and was not shown (seq 2).");
    assert.deepEqual(model.transcript.events, [user(1, "hello")]);
    assert.deepEqual(model.transcript.cursor, { epoch: host.epoch, seq: 1 });
    await until(() => sockets[0]!.closed);
    clock.advance(500);
    await until(() => sockets.length === 2 && sockets[1]!.sent.length > 0);
    assert.deepEqual(sockets[1]!.sent[0], { type: "subscribe", cursor: { epoch: host.epoch, seq: 1 }, protocol: 2 });
  });

  test("a reordered event is not rendered either", async () => {
    const { host, model, push, sync } = await setup();
    push(await sync(user(1, "hello")));
    await until(() => model.loaded);
    push({ type: "events", events: [await host.event(user(3, "three")), await host.event(user(2, "two"))] });
    await until(() => model.rejection !== null);
    assert.equal(model.rejection, "An event from the relay failed verification and was not shown (seq 3).");
    assert.deepEqual(model.transcript.events, [user(1, "hello")]);
  });

  test("a session under a key this device lacks is locked, and nothing of it is shown", async () => {
    const { model, push, sync } = await setup();
    const frame = await sync(user(1, "hello"));
    push({ ...frame, key: { ...frame.key, kid: "AAAAAAAAAAAAAAAA" } });
    await until(() => model.locked !== null);
    assert.match(model.locked!, /Pair this device from that machine/);
    assert.equal(model.loaded, false);
  });
});

describe("the session list, opened", () => {
  test("titles and environment names open; a session under an unknown key is locked; an altered title is blank", async () => {
    const host = await sealingHost();
    const name = await seal(host.contentKey, "laptop", aad.environment("name"));
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const base = { online: true, pendingPermissions: 0, processing: false };
    const environment = { id: "env-1", name, online: true };
    const opened = await openSummaries(host.keyring, [
      { ...base, id: host.sessionId, title, key: host.wrapped, environment },
      { ...base, id: "s-locked", title, key: { kid: "AAAAAAAAAAAAAAAA", wrapped: host.wrapped.wrapped } },
    ]);
    assert.deepEqual(opened[0], { ...base, id: host.sessionId, title: "Fix the build", environment: { ...environment, name: "laptop" } });
    assert.deepEqual(opened[1], { ...base, id: "s-locked", title: "", locked: true });
    const spawned = await openSummaries(host.keyring, [
      { ...base, id: "s-new", spawnTitle: await seal(host.contentKey, "Release notes", aad.spawnTitle("env-1")), environment },
    ]);
    assert.deepEqual(spawned[0], { ...base, id: "s-new", title: "Release notes", environment: { ...environment, name: "laptop" } });
    const unhosted = await openSummaries(host.keyring, [{ ...base, id: "s-unhosted", environment }]);
    assert.deepEqual(unhosted[0], { ...base, id: "s-unhosted", title: "", environment: { ...environment, name: "laptop" } });
    const moved = await openSummaries(host.keyring, [{ ...base, id: host.sessionId, title: await seal(host.sessionKey, "x", "other"), key: host.wrapped }]);
    assert.equal(moved[0]!.title, "");
  });

  test("an environment's directory opens beside its name; one sealed for another field, or absent, is left out", async () => {
    const host = await sealingHost();
    const name = await seal(host.contentKey, "laptop", aad.environment("name"));
    const base = { online: true, pendingPermissions: 0, processing: false };
    const listed = (directory?: string) => ({ ...base, id: host.sessionId, key: host.wrapped, environment: { id: "env-1", name, online: true, directory } });
    const [opened, swapped, absent] = await openSummaries(host.keyring, [
      listed(await seal(host.contentKey, "/home/alice/src/baton", aad.environment("directory"))),
      listed(await seal(host.contentKey, "/home/alice/src/baton", aad.environment("hostname"))),
      listed(),
    ]);
    assert.deepEqual(opened!.environment, { id: "env-1", name: "laptop", online: true, directory: "/home/alice/src/baton" });
    assert.deepEqual(swapped!.environment, { id: "env-1", name: "laptop", online: true });
    assert.deepEqual(absent!.environment, { id: "env-1", name: "laptop", online: true });
  });

  test("an environment's name sealed under its backend's previous key still opens once its sessions moved to the new key", async () => {
    const host = await sealingHost();
    const name = await seal(host.contentKey, "laptop", aad.environment("name"));
    const rotated = await sealingHost(host.sessionId);
    await host.keyring.add(rotated.contentText);
    const title = await seal(rotated.sessionKey, "Fix the build", aad.title(host.sessionId));
    const base = { online: true, pendingPermissions: 0, processing: false };
    const [opened] = await openSummaries(host.keyring, [
      { ...base, id: host.sessionId, title, key: rotated.wrapped, environment: { id: "env-1", name, online: true } },
    ]);
    assert.equal(opened!.title, "Fix the build");
    assert.equal(opened!.environment!.name, "laptop");
  });
});
