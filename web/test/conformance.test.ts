import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import type * as Wire from "../../protocol/target/generated-ts/protocol";
import { type DeviceFrame, normaliseEvent, type SealedDeviceFrame } from "../src/core/protocol.ts";
import { Keyring, MemoryKeyStore } from "../src/crypto/keyring.ts";
import { StreamCipher } from "../src/crypto/stream-cipher.ts";
import { SessionModel } from "../src/core/session-model.ts";
import { parseFrame } from "../src/core/session-stream.ts";
import { FakeClock } from "./fake-clock.ts";
import { sync } from "./events.ts";

// The shared conformance suite (conformance/ at the repository's top), which the Java tests run too.
const SUITE = new URL("../../conformance/", import.meta.url);

function files(folder: string): { name: string; text: string }[] {
  const dir = new URL(`${folder}/`, SUITE);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, dir), "utf8") }));
}

/**
 * Lists every discriminator of a generated union, and fails to compile when one is missing: a new frame,
 * event or input in the Java types must be added here, and so to this suite.
 */
function every<T extends string>() {
  return <L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): ReadonlySet<string> => new Set(list);
}

const DISCRIMINATORS: Record<string, { field: "type" | "kind"; values: ReadonlySet<string> }> = {
  "relay-to-device": {
    field: "type",
    values: every<Wire.RelayToDeviceUnion["type"]>()(["sync", "events", "delta", "presence", "inputQueued", "error", "ping", "pong"]),
  },
  "device-to-relay": {
    field: "type",
    values: every<Wire.DeviceToRelayUnion["type"]>()(["subscribe", "input", "ping", "pong", "visibility"]),
  },
  "host-to-relay": {
    field: "type",
    values: every<Wire.HostToRelayUnion["type"]>()(["hello", "events", "snapshot", "delta", "ping", "pong", "key"]),
  },
  "relay-to-host": {
    field: "type",
    values: every<Wire.RelayToHostUnion["type"]>()(["welcome", "ack", "input", "ping", "pong", "error", "viewers", "devices_changed"]),
  },
  event: {
    field: "type",
    values: every<Wire.EventBodyUnion["type"]>()([
      "user_message",
      "assistant_message",
      "tool_call",
      "tool_result",
      "permission_request",
      "permission_decision",
      "status",
      "title",
      "notice",
      "error",
      "conversation_cleared",
    ]),
  },
  input: { field: "kind", values: every<Wire.InputUnion["kind"]>()(["message", "permission", "interrupt", "rename", "command"]) },
};

/** The folder of conformance/messages each schema entry point of an edge case corresponds to. */
const FOLDER_OF: Record<string, string> = {
  SealedEvent: "event",
  RelayToDevice: "relay-to-device",
  DeviceToRelay: "device-to-relay",
  HostToRelay: "host-to-relay",
  RelayToHost: "relay-to-host",
  Event: "event",
  Input: "input",
};

/** The suite's sealed values open under its content key (the session key is wrapped under it) for session s-1. */
const CONTENT_KEY = (JSON.parse(readFileSync(new URL("sealed/session-key.json", SUITE), "utf8")) as { key: string }).key;
const SYNC = JSON.parse(readFileSync(new URL("messages/relay-to-device/sync.json", SUITE), "utf8")) as Wire.Sync;

/**
 * Opens one relay frame as the relay transport does. A frame that is not a sync follows an empty `ok`
 * sync (epoch e-7f3a, as the suite's values are sealed under) that leaves the device just before it.
 */
async function openFrame(raw: SealedDeviceFrame): Promise<DeviceFrame[]> {
  const keyring = new Keyring(new MemoryKeyStore());
  await keyring.add(CONTENT_KEY);
  const cipher = new StreamCipher("s-1", keyring);
  const first = raw.type === "sync" || raw.type === "events" ? (raw.events[0]?.seq ?? 1) : 1;
  const epoch = raw.type === "sync" ? (raw.epoch ?? "e-7f3a") : "e-7f3a";
  await cipher.outgoing({ type: "subscribe", cursor: { epoch, seq: first - 1 } });
  if (raw.type !== "sync") await cipher.incoming({ ...SYNC, events: [] });
  const opened = await cipher.incoming(raw);
  assert.equal(opened.kind, "frames", JSON.stringify(opened));
  return opened.kind === "frames" ? opened.frames : [];
}

function model(): SessionModel {
  let n = 0;
  return new SessionModel("s-1", new FakeClock(), () => `in-${++n}`);
}

describe("conformance suite", () => {
  for (const [folder, { field, values }] of Object.entries(DISCRIMINATORS)) {
    test(`every ${folder} example has a ${field} the generated types know, and every ${field} has an example`, () => {
      const seen = new Set<string>();
      for (const { name, text } of files(`messages/${folder}`)) {
        const message = JSON.parse(text) as Record<string, unknown>;
        assert.ok(values.has(String(message[field])), `${name}: ${field} ${String(message[field])}`);
        seen.add(String(message[field]));
      }
      assert.deepEqual([...seen].sort(), [...values].sort());
    });
  }

  test("the web client opens and takes in every frame a relay sends a device", async () => {
    for (const { name, text } of files("messages/relay-to-device")) {
      const m = model();
      m.receive(sync("gap", "e-0", []));
      const [opened] = await openFrame(JSON.parse(text) as SealedDeviceFrame);
      const frame = parseFrame(JSON.stringify(opened));
      const result = m.receive(frame);
      if (frame.type === "events") {
        assert.equal(result, "hole", `${name}: these events start past what the model holds`);
      }
      if (frame.type === "sync") {
        assert.deepEqual(m.transcript.events.map((e) => e.seq), frame.events.map((e) => e.seq), name);
      }
    }
  });

  test("every example event keeps its type once read", () => {
    for (const { name, text } of files("messages/event")) {
      const raw = JSON.parse(text) as Wire.Event;
      assert.equal(normaliseEvent(raw).type, raw.type, name);
    }
  });

  test("edge cases: unknown fields and missing optional fields read as their known type", async () => {
    for (const { name, text } of files("edge")) {
      const edge = JSON.parse(text) as { as: string; wire: Record<string, unknown> };
      const { field, values } = DISCRIMINATORS[FOLDER_OF[edge.as]!]!;
      assert.ok(values.has(String(edge.wire[field])), `${name}: ${String(edge.wire[field])}`);
      if (edge.as === "Event") {
        assert.equal(normaliseEvent(edge.wire as unknown as Wire.Event).type, edge.wire.type, name);
      }
      if (edge.as === "RelayToDevice") {
        const m = model();
        for (const frame of await openFrame(edge.wire as unknown as SealedDeviceFrame)) m.receive(parseFrame(JSON.stringify(frame)));
      }
    }
  });

  test("events of a type the client does not know keep their place in the log", async () => {
    for (const { name, text } of files("unknown-event-types")) {
      const fixture = JSON.parse(text) as { frame: SealedDeviceFrame; keeps: { seq: number; originalType?: string }[] };
      const m = model();
      for (const frame of await openFrame(fixture.frame)) m.receive(parseFrame(JSON.stringify(frame)));
      assert.deepEqual(
        m.transcript.events.map((e) => (e.type === "unknown" ? { seq: e.seq, originalType: e.originalType } : { seq: e.seq })),
        fixture.keeps,
        name,
      );
    }
  });

  test("the web client folds every event sequence into the snapshot the backend derives", () => {
    for (const { name, text } of files("sequences")) {
      const sequence = JSON.parse(text) as { events: Wire.Event[]; snapshot: Wire.Snapshot };
      const m = model();
      m.receive(sync("gap", "e-1", [], { title: undefined, processing: false, pendingPermissions: [] }));
      if (sequence.events.length > 0) {
        m.receive(parseFrame(JSON.stringify({ type: "events", events: sequence.events })));
      }
      assert.equal(m.title, sequence.snapshot.title ?? "", `${name}: title`);
      assert.equal(m.processing, sequence.snapshot.processing, `${name}: processing`);
      assert.deepEqual(
        m.permissions.map((p) => [p.seq, p.requestId]),
        sequence.snapshot.pendingPermissions.map((p) => [p.seq, (p as Wire.EventHeader & Wire.PermissionRequest).requestId]),
        `${name}: pendingPermissions`,
      );
    }
  });
});
