import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Backoff } from "../src/core/backoff.ts";
import { SessionModel } from "../src/core/session-model.ts";
import { DialError, SessionStream, type SocketHandlers } from "../src/core/session-stream.ts";
import { FakeClock } from "./fake-clock.ts";
import { status, sync, user } from "./events.ts";

/** A relay stand-in: records every dial and every frame the client sends on each socket. */
class FakeRelay {
  sockets: { handlers: SocketHandlers; sent: any[]; closed: boolean }[] = [];
  refuse: DialError | null = null;

  dial = async (handlers: SocketHandlers) => {
    if (this.refuse) throw this.refuse;
    const socket = { handlers, sent: [] as any[], closed: false };
    this.sockets.push(socket);
    return {
      send: (text: string) => socket.sent.push(JSON.parse(text)),
      close: () => (socket.closed = true),
    };
  };

  get current() {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error("no socket was dialled");
    return socket;
  }

  /** The inputIds sent on the current socket, in order. */
  inputsSent(): string[] {
    return this.current.sent.filter((f) => f.type === "input").map((f) => f.inputId);
  }

  push(frame: object) {
    this.current.handlers.message(JSON.stringify(frame));
  }
}

/** Lets the dial promise and what follows it run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { fatal?: (e: DialError) => void } = {}) {
  const clock = new FakeClock();
  let n = 0;
  const model = new SessionModel("s-1", clock, () => `in-${++n}`);
  const relay = new FakeRelay();
  const stream = new SessionStream(model, relay.dial, clock, {
    backoff: new Backoff(500, 15_000, () => 1),
    ...(options.fatal ? { onFatal: options.fatal } : {}),
  });
  return { clock, model, relay, stream };
}

describe("SessionStream", () => {
  test("says whether the page is in front after subscribe and on every change, again on a new stream", async () => {
    const { relay, stream } = setup();
    stream.setVisible(true);
    stream.start();
    await settle();
    assert.deepEqual(relay.current.sent, [
      { type: "subscribe", cursor: null },
      { type: "visibility", visible: true },
    ]);
    stream.setVisible(true); // no change, nothing said
    stream.setVisible(false);
    assert.deepEqual(relay.current.sent.slice(2), [{ type: "visibility", visible: false }]);
    relay.current.handlers.closed();
    stream.nudge();
    await settle();
    assert.deepEqual(relay.current.sent, [
      { type: "subscribe", cursor: null },
      { type: "visibility", visible: false },
    ]);
  });

  test("subscribes with no cursor first, then resumes from the cursor after a reconnect", async () => {
    const { clock, model, relay, stream } = setup();
    stream.start();
    await settle();
    assert.deepEqual(relay.current.sent, [{ type: "subscribe", cursor: null }]);
    relay.push(sync("gap", "e1", [user(1, "a"), user(2, "b")]));
    assert.equal(model.linkState, "open");

    relay.current.handlers.closed();
    assert.equal(model.linkState, "down");
    clock.advance(500);
    await settle();
    assert.equal(relay.sockets.length, 2);
    assert.deepEqual(relay.current.sent, [{ type: "subscribe", cursor: { epoch: "e1", seq: 2 } }]);
  });

  test("pending inputs are resent with the same inputId after every resubscribe until they commit", async () => {
    const { clock, model, relay, stream } = setup();
    stream.start();
    await settle();
    relay.push(sync("gap", "e1", []));
    const id = model.submit({ kind: "message", text: "!echo hi" });
    stream.send(id);
    assert.deepEqual(relay.current.sent.at(-1), { type: "input", inputId: id, input: { kind: "message", text: "!echo hi" } });

    relay.current.handlers.closed();
    const sentWhileDown = model.submit({ kind: "message", text: "second" });
    stream.send(sentWhileDown);
    clock.advance(500);
    await settle();
    assert.deepEqual(relay.current.sent, [{ type: "subscribe", cursor: { epoch: "e1", seq: 0 } }], "nothing before sync");
    relay.push(sync("ok", "e1", []));
    assert.deepEqual(
      relay.inputsSent(),
      [id, sentWhileDown],
    );

    relay.push({ type: "events", events: [user(1, "!echo hi", id, "dev-1")] });
    relay.current.handlers.closed();
    clock.advance(500);
    await settle();
    relay.push(sync("ok", "e1", []));
    assert.deepEqual(relay.inputsSent(), [sentWhileDown]);
  });

  test("an input that failed is not resent", async () => {
    const { clock, model, relay, stream } = setup();
    stream.start();
    await settle();
    relay.push(sync("gap", "e1", []));
    const id = model.submit({ kind: "message", text: "x" });
    relay.push({ type: "error", code: "capacity_reached", message: "full", inputId: id });
    relay.current.handlers.closed();
    clock.advance(500);
    await settle();
    relay.push(sync("ok", "e1", []));
    assert.deepEqual(relay.current.sent, [{ type: "subscribe", cursor: { epoch: "e1", seq: 0 } }]);
  });

  test("pings every 10 s and answers the relay's ping", async () => {
    const { clock, relay, stream } = setup();
    stream.start();
    await settle();
    relay.push(sync("gap", "e1", []));
    relay.push({ type: "ping" });
    assert.deepEqual(relay.current.sent.at(-1), { type: "pong" });
    clock.advance(9_999);
    assert.equal(relay.current.sent.filter((f) => f.type === "ping").length, 0);
    clock.advance(1);
    assert.equal(relay.current.sent.filter((f) => f.type === "ping").length, 1);
  });

  test("30 s of silence kills the stream and it reconnects; any frame keeps it alive", async () => {
    const { clock, model, relay, stream } = setup();
    stream.start();
    await settle();
    relay.push(sync("gap", "e1", []));
    clock.advance(29_000);
    relay.push({ type: "pong" });
    clock.advance(29_000);
    assert.equal(model.linkState, "open", "heard 29 s ago: alive");
    clock.advance(1_000);
    assert.equal(model.linkState, "down");
    assert.equal(relay.sockets[0]?.closed, true);
    clock.advance(500);
    await settle();
    assert.equal(relay.sockets.length, 2);
  });

  test("reconnects back off exponentially and reset once a sync arrives", async () => {
    const { clock, relay, stream } = setup();
    relay.refuse = new DialError("connection refused", false);
    stream.start();
    await settle();
    const attempts = () => relay.sockets.length;
    relay.refuse = null;
    // failed once; the next try is 500 ms later, then 1 s, 2 s … (jitter pinned to the ceiling)
    clock.advance(499);
    await settle();
    assert.equal(attempts(), 0);
    clock.advance(1);
    await settle();
    assert.equal(attempts(), 1);
    relay.current.handlers.closed();
    clock.advance(999);
    await settle();
    assert.equal(attempts(), 1);
    clock.advance(1);
    await settle();
    assert.equal(attempts(), 2);
    relay.push(sync("gap", "e1", []));
    relay.current.handlers.closed();
    clock.advance(500);
    await settle();
    assert.equal(attempts(), 3, "back to the base delay after a good connection");
  });

  test("a hole in the events resubscribes at once from the cursor", async () => {
    const { relay, stream } = setup();
    stream.start();
    await settle();
    relay.push(sync("gap", "e1", [user(1, "a")]));
    relay.push({ type: "events", events: [status(3, true)] });
    await settle();
    assert.equal(relay.sockets.length, 2);
    assert.deepEqual(relay.current.sent, [{ type: "subscribe", cursor: { epoch: "e1", seq: 1 } }]);
  });

  test("a fatal refusal stops retrying and is reported once", async () => {
    const fatal: DialError[] = [];
    const { clock, relay, stream } = setup({ fatal: (e) => fatal.push(e) });
    relay.refuse = new DialError("this device was revoked", true, "unauthorized");
    stream.start();
    await settle();
    clock.advance(60_000);
    await settle();
    assert.equal(fatal.length, 1);
    assert.equal(fatal[0]?.code, "unauthorized");
    assert.equal(relay.sockets.length, 0);
  });

  test("nudge skips the backoff wait", async () => {
    const { relay, stream } = setup();
    stream.start();
    await settle();
    relay.push(sync("gap", "e1", []));
    relay.current.handlers.closed();
    stream.nudge();
    await settle();
    assert.equal(relay.sockets.length, 2);
  });

  test("stop closes the socket and never reconnects", async () => {
    const { clock, relay, stream } = setup();
    stream.start();
    await settle();
    stream.stop();
    assert.equal(relay.current.closed, true);
    clock.advance(60_000);
    await settle();
    assert.equal(relay.sockets.length, 1);
  });
});
