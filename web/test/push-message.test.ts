import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { noticeFor, parsePush } from "../src/core/push-message.ts";
import { aad } from "../src/crypto/aad.ts";
import { Keyring, MemoryKeyStore } from "../src/crypto/keyring.ts";
import { seal } from "../src/crypto/seal.ts";
import { sealingHost } from "./sealing.ts";

describe("the service worker's push notifications", () => {
  test("name the session with the title opened under the keys this device holds, and open it at the prompt", async () => {
    const host = await sealingHost();
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const payload = JSON.stringify({ kind: "permission", sessionId: host.sessionId, requestId: "call_1", title, key: host.wrapped });
    assert.doesNotMatch(payload, /Fix the build/);
    assert.deepEqual(await noticeFor(parsePush(payload), host.keyring), {
      heading: "Permission needed — Fix the build",
      body: "The agent is waiting for your decision.",
      tag: `baton-${host.sessionId}`,
      path: `/s/${host.sessionId}`,
      sessionId: host.sessionId,
    });
  });

  test("say a finished turn as such", async () => {
    const host = await sealingHost();
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const notice = await noticeFor({ kind: "turn", sessionId: host.sessionId, title, key: host.wrapped }, host.keyring);
    assert.equal(notice.heading, "Turn finished — Fix the build");
  });

  test("name no session when the key is not held, the title was altered, or there is none", async () => {
    const host = await sealingHost();
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const message = { kind: "permission", sessionId: host.sessionId, title, key: host.wrapped };
    assert.equal((await noticeFor(message, new Keyring(new MemoryKeyStore()))).heading, "Permission needed in a session");
    assert.equal((await noticeFor({ ...message, title: title.slice(0, -2) + "AA" }, host.keyring)).heading, "Permission needed in a session");
    assert.equal((await noticeFor({ ...message, title: null }, host.keyring)).heading, "Permission needed in a session");
    assert.equal((await noticeFor({ ...message, key: { kid: 3 } as never }, host.keyring)).heading, "Permission needed in a session");
  });

  test("a payload that is not JSON still shows a notification that opens the list", async () => {
    const notice = await noticeFor(parsePush("not json"), new Keyring(new MemoryKeyStore()));
    assert.equal(notice.path, "/");
    assert.equal(notice.heading, "Permission needed in a session");
    assert.deepEqual(parsePush(null), {});
    assert.deepEqual(parsePush("7"), {});
  });
});
