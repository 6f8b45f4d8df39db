import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, test } from "node:test";
import { SessionModel } from "../src/core/session-model.ts";
import { VsCodeTransport } from "../src/transport/vscode-transport.ts";
import type { ExtensionMessage, WebviewMessage } from "../src/transport/webview-messages.ts";
import { FakeClock } from "./fake-clock.ts";
import { snapshot, user } from "./events.ts";

/** The extension's side of the webview: records what the webview posts, and posts back. */
function webview() {
  const posted: WebviewMessage[] = [];
  const window = new EventEmitter();
  const source = {
    addEventListener: (_: "message", listener: (event: { data: unknown }) => void) => window.on("message", listener),
    removeEventListener: (_: "message", listener: (event: { data: unknown }) => void) => window.off("message", listener),
  };
  const transport = new VsCodeTransport({ postMessage: (m) => posted.push(m) }, source);
  const post = (message: ExtensionMessage | object | string | null) => window.emit("message", { data: message });
  return { posted, post, transport };
}

function model(sessionId = "s-1") {
  let n = 0;
  return new SessionModel(sessionId, new FakeClock(), () => `in-${++n}`);
}

const opened = (sessionId: string, events = [user(1, "hi")], requestId?: string) => ({
  type: "opened",
  ...(requestId ? { requestId } : {}),
  sessionId,
  cursor: { epoch: "e1", seq: events.length },
  snapshot: snapshot({ title: "Editor session" }),
  events,
});

describe("VsCodeTransport", () => {
  test("says ready at once, and the unsolicited opened names the panel's session", async () => {
    const { posted, post, transport } = webview();
    assert.deepEqual(posted, [{ type: "ready" }]);
    post(opened("s-9"));
    assert.equal(await transport.initialSession(), "s-9");
  });

  test("listSessions is answered by the sessions message with the same requestId", async () => {
    const { posted, post, transport } = webview();
    const answer = transport.listSessions();
    const request = posted.at(-1) as { type: string; requestId: string };
    assert.equal(request.type, "listSessions");
    post({ type: "sessions", requestId: "other", sessions: [] });
    post({ type: "sessions", requestId: request.requestId, sessions: [{ id: "s-1", title: "T", online: true, processing: false, pendingPermissions: 0 }] });
    assert.deepEqual((await answer).map((s) => s.id), ["s-1"]);
  });

  test("deviceNames asks the extension for devices and takes the answer with the same requestId", async () => {
    const { posted, post, transport } = webview();
    const answer = transport.deviceNames();
    const request = posted.at(-1) as { type: string; requestId: string };
    assert.deepEqual(request, { type: "devices", requestId: request.requestId });
    post({ type: "devices", requestId: "other", devices: [{ id: "dev_x", name: "Not this answer" }] });
    post({ type: "devices", requestId: request.requestId, devices: [{ id: "dev_pixel", name: "Pixel 7" }] });
    assert.deepEqual(await answer, [{ id: "dev_pixel", name: "Pixel 7" }]);
  });

  test("showPairing asks the extension to show a pairing code and sends the session nothing", () => {
    const { posted, transport } = webview();
    transport.showPairing("s-1");
    assert.deepEqual(posted.at(-1), { type: "showPairing", sessionId: "s-1" });
    assert.equal(posted.filter((m) => m.type === "sendInput").length, 0);
  });

  test("open asks for the session and feeds opened, events and deltas of that session only", () => {
    const { posted, post, transport } = webview();
    const m = model("s-1");
    transport.open(m);
    assert.deepEqual(posted.at(-1), { type: "openSession", requestId: (posted.at(-1) as { requestId: string }).requestId, sessionId: "s-1" });
    post(opened("s-1"));
    assert.equal(m.title, "Editor session");
    assert.equal(m.online, true, "the editor's own machine is online");
    post({ type: "event", sessionId: "s-2", event: user(2, "elsewhere") });
    post({ type: "event", sessionId: "s-1", event: user(2, "here") });
    post({ type: "delta", sessionId: "s-1", messageId: "m-1", text: "stream" });
    post({ type: "delta", sessionId: "s-2", messageId: "m-2", text: "not ours" });
    assert.deepEqual(m.transcript.events.map((e) => e.seq), [1, 2]);
    assert.deepEqual(m.transcript.streamingMessages, [{ messageId: "m-1", text: "stream" }]);
  });

  test("inputs go out as sendInput, stay pending until committed, and inputFailed marks them failed", () => {
    const { posted, post, transport } = webview();
    const m = model("s-1");
    const handle = transport.open(m);
    post(opened("s-1", []));
    const ok = m.submit({ kind: "message", text: "!ls" });
    handle.send(ok);
    assert.deepEqual(posted.at(-1), { type: "sendInput", sessionId: "s-1", inputId: ok, input: { kind: "message", text: "!ls" } });
    const bad = m.submit({ kind: "rename", title: "x" });
    handle.send(bad);
    post({ type: "inputFailed", inputId: bad, message: "backend gone" });
    assert.deepEqual(m.pending.all.map((p) => [p.inputId, p.status]), [[ok, "sending"], [bad, "failed"]]);
    post({ type: "event", sessionId: "s-1", event: user(1, "!ls", ok, "editor") });
    assert.deepEqual(m.pending.all.map((p) => p.inputId), [bad]);
  });

  test("a second opened (the backend restarted) resends what is still pending, with the same inputId", () => {
    const { posted, post, transport } = webview();
    const m = model("s-1");
    const handle = transport.open(m);
    post(opened("s-1", []));
    const id = m.submit({ kind: "message", text: "again" });
    handle.send(id);
    const before = posted.length;
    post(opened("s-1", []));
    assert.deepEqual(posted.slice(before), [{ type: "sendInput", sessionId: "s-1", inputId: id, input: { kind: "message", text: "again" } }]);
  });

  test("after close the panel's model hears nothing more", () => {
    const { post, transport } = webview();
    const m = model("s-1");
    const handle = transport.open(m);
    post(opened("s-1"));
    handle.close();
    post({ type: "event", sessionId: "s-1", event: user(2, "late") });
    assert.equal(m.transcript.events.length, 1);
  });

  test("messages that are not the protocol's are ignored", () => {
    const { post, transport } = webview();
    const m = model("s-1");
    transport.open(m);
    post("a string");
    post({ nope: true });
    post(null);
    assert.equal(m.loaded, false);
  });
});
