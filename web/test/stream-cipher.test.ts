import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { aad } from "../src/crypto/aad.ts";
import { Keyring, MemoryKeyStore } from "../src/crypto/keyring.ts";
import { fromBase64Url, openJson, seal, toBase64Url } from "../src/crypto/seal.ts";
import type { SealedEvent } from "../src/core/protocol.ts";
import { LOCKED_MESSAGE, rejectionMessage, StreamCipher } from "../src/crypto/stream-cipher.ts";
import { assistant, prompt, status, ts, user } from "./events.ts";
import { sealingHost } from "./sealing.ts";

type Host = Awaited<ReturnType<typeof sealingHost>>;

async function syncOf(host: Host, events: SealedEvent[], pendingPermissions: SealedEvent[] = []) {
  return {
    type: "sync" as const,
    status: "gap" as const,
    epoch: host.epoch,
    truncated: false,
    online: true,
    events,
    snapshot: { title: await host.title("Fix the build"), processing: false, pendingPermissions, online: true },
    key: host.wrapped,
  };
}

async function subscribed(host: Host) {
  const cipher = new StreamCipher(host.sessionId, host.keyring);
  assert.deepEqual(await cipher.outgoing({ type: "subscribe", cursor: null }), { type: "subscribe", cursor: null, protocol: 2 });
  return cipher;
}

describe("a device stream's cipher", () => {
  test("opens a sync: events, snapshot title and pending prompts, with the clear status as it is", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    const opened = await cipher.incoming(
      await syncOf(host, [await host.event(user(1, "hello", "in-1", "dev_1")), await host.event(status(2, true))], [await host.event(prompt(3, "call_1"))]),
    );
    assert.equal(opened.kind, "frames");
    const [sync] = opened.frames;
    assert.ok(sync?.type === "sync");
    assert.deepEqual(sync.events, [user(1, "hello", "in-1", "dev_1"), status(2, true)]);
    assert.equal(sync.snapshot.title, "Fix the build");
    assert.deepEqual(sync.snapshot.pendingPermissions, [prompt(3, "call_1")]);
    assert.equal("key" in sync, false);
  });

  test("opens live events and deltas", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    await cipher.incoming(await syncOf(host, [await host.event(user(1, "hi"))]));
    const events = await cipher.incoming({ type: "events", events: [await host.event(assistant(2, "m1", "answer"))] });
    assert.deepEqual(events, { kind: "frames", frames: [{ type: "events", events: [assistant(2, "m1", "answer")] }] });
    const sealed = await seal(host.sessionKey, "ans", aad.delta(host.sessionId, host.epoch, "m2", 0));
    assert.deepEqual(await cipher.incoming({ type: "delta", messageId: "m2", n: 0, sealed }), {
      kind: "frames",
      frames: [{ type: "delta", messageId: "m2", text: "ans" }],
    });
    assert.equal((await cipher.incoming({ type: "delta", messageId: "m2", n: 1, sealed })).kind, "rejected");
  });

  test("seals an input under its inputId and says protocol 2 when subscribing", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    await cipher.incoming(await syncOf(host, []));
    const frame = (await cipher.outgoing({ type: "input", inputId: "in-7", input: { kind: "message", text: "secret words" } })) as {
      sealed: string;
    };
    assert.deepEqual(Object.keys(frame).sort(), ["inputId", "sealed", "type"]);
    assert.doesNotMatch(JSON.stringify(frame), /secret/);
    assert.deepEqual(await openJson(host.sessionKey, frame.sealed, aad.input(host.sessionId, "in-7")), { kind: "message", text: "secret words" });
  });

  test("drops an event whose sealed body was altered, and the events after it, and says which seq", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    await cipher.incoming(await syncOf(host, [await host.event(user(1, "hi"))]));
    const good = await host.event(user(2, "two"));
    const bad = await host.event(user(3, "three"));
    const bytes = fromBase64Url(bad.sealed!);
    bytes[14]! ^= 0x20;
    const opened = await cipher.incoming({ type: "events", events: [good, { ...bad, sealed: toBase64Url(bytes) }, await host.event(user(4, "four"))] });
    assert.deepEqual(opened, {
      kind: "rejected",
      frames: [{ type: "events", events: [user(2, "two")] }],
      message: "An event from the relay failed verification and was not shown (seq 3).",
    });
    // The cursor stayed at 2: the honest event 3 still opens.
    assert.equal((await cipher.incoming({ type: "events", events: [await host.event(user(3, "three"))] })).kind, "frames");
  });

  test("refuses an event moved to another seq, type or session", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    await cipher.incoming(await syncOf(host, [await host.event(user(1, "hi"))]));
    const three = await host.event(user(3, "three"));
    assert.deepEqual(await cipher.incoming({ type: "events", events: [{ ...three, seq: 2 }] }), {
      kind: "rejected",
      frames: [],
      message: rejectionMessage(2),
    });
    const two = await host.event(user(2, "two"));
    assert.equal((await cipher.incoming({ type: "events", events: [{ ...two, type: "notice" }] })).kind, "rejected");
    const other = new StreamCipher("s-2", host.keyring);
    await other.outgoing({ type: "subscribe", cursor: null });
    assert.equal((await other.incoming(await syncOf(host, []))).kind, "rejected");
  });

  test("refuses events out of order, and takes a resend of what it holds as nothing", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    await cipher.incoming(await syncOf(host, [await host.event(user(1, "hi"))]));
    const skipped = await cipher.incoming({ type: "events", events: [await host.event(user(3, "three"))] });
    assert.deepEqual(skipped, { kind: "rejected", frames: [], message: rejectionMessage(3) });
    assert.deepEqual(await cipher.incoming({ type: "events", events: [await host.event(user(1, "hi"))] }), { kind: "frames", frames: [] });
  });

  test("an ok sync must continue from the cursor it subscribed with", async () => {
    const host = await sealingHost();
    const cipher = new StreamCipher(host.sessionId, host.keyring);
    await cipher.outgoing({ type: "subscribe", cursor: { epoch: host.epoch, seq: 5 } });
    const sync = { ...(await syncOf(host, [await host.event(user(7, "seven"))])), status: "ok" as const };
    const opened = await cipher.incoming(sync);
    assert.equal(opened.kind, "rejected");
    assert.equal(opened.kind === "rejected" && opened.message, rejectionMessage(7));
    assert.deepEqual(opened.kind === "rejected" && opened.frames.map((frame) => frame.type === "sync" && frame.events), [[]]);
  });

  test("a header that disagrees with the sealed body is refused", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    await cipher.incoming(await syncOf(host, []));
    const request = await host.event(prompt(1, "call_1"));
    assert.equal((await cipher.incoming({ type: "events", events: [{ ...request, requestId: "call_9" }] })).kind, "rejected");
    const unsealed: SealedEvent = { seq: 1, ts, type: "user_message" };
    assert.equal((await cipher.incoming({ type: "events", events: [unsealed] })).kind, "rejected");
  });

  test("an event whose clear inputId or origin was changed, added or removed is refused", async () => {
    const host = await sealingHost();
    const stamped = await host.event(user(1, "run the tests", "in-1", "dev_1"));
    const { inputId: _inputId, origin: _origin, ...unstamped } = stamped;
    for (const relabelled of [
      { ...stamped, inputId: "in-2" },
      { ...stamped, origin: "editor" },
      { ...stamped, inputId: undefined },
      { ...unstamped, inputId: "in-1|3:dev", origin: "_1" },
      { ...(await host.event(user(1, "from the terminal"))), inputId: "in-1", origin: "dev_1" },
    ]) {
      const cipher = await subscribed(host);
      await cipher.incoming(await syncOf(host, []));
      assert.deepEqual(await cipher.incoming({ type: "events", events: [relabelled] }), {
        kind: "rejected",
        frames: [],
        message: rejectionMessage(1),
      });
    }
  });

  test("a session sealed under a content key this device lacks is locked, not shown", async () => {
    const host = await sealingHost();
    const cipher = new StreamCipher(host.sessionId, new Keyring(new MemoryKeyStore()));
    await cipher.outgoing({ type: "subscribe", cursor: null });
    assert.deepEqual(await cipher.incoming(await syncOf(host, [await host.event(user(1, "hi"))])), { kind: "locked", message: LOCKED_MESSAGE });
  });

  test("frames without content pass as they are", async () => {
    const host = await sealingHost();
    const cipher = await subscribed(host);
    const presence = { type: "presence" as const, online: true, since: ts };
    assert.deepEqual(await cipher.incoming(presence), { kind: "frames", frames: [presence] });
  });
});
