import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { noticeFor, parsePush, type PushWarning } from "../src/core/push-message.ts";
import { aad } from "../src/crypto/aad.ts";
import { type ContentKeyStore, Keyring, MemoryKeyStore } from "../src/crypto/keyring.ts";
import { seal } from "../src/crypto/seal.ts";
import { sealingHost } from "./sealing.ts";

/** For pushes that must open, or stay closed, without a word to the worker's console. */
const silent: PushWarning = (reason) => assert.fail(`warned: ${reason}`);

/** The content key store as IndexedDB leaves it when the browser closes the database under the worker. */
class ClosedKeyStore implements ContentKeyStore {
  private closed(): Promise<never> {
    return Promise.reject(new DOMException("The database connection is closing.", "InvalidStateError"));
  }
  get = () => this.closed();
  put = () => this.closed();
  kids = () => this.closed();
  clear = () => this.closed();
}

describe("the service worker's push notifications", () => {
  test("name the session with the title opened under the keys this device holds, and open it at the prompt", async () => {
    const host = await sealingHost();
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const payload = JSON.stringify({ kind: "permission", sessionId: host.sessionId, requestId: "call_1", title, key: host.wrapped });
    assert.doesNotMatch(payload, /Fix the build/);
    assert.deepEqual(await noticeFor(parsePush(payload), async () => host.keyring, silent), {
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
    const notice = await noticeFor({ kind: "turn", sessionId: host.sessionId, title, key: host.wrapped }, async () => host.keyring, silent);
    assert.equal(notice.heading, "Turn finished — Fix the build");
  });

  test("name no session when the key is not held, the title was altered, or there is none", async () => {
    const host = await sealingHost();
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const message = { kind: "permission", sessionId: host.sessionId, title, key: host.wrapped };
    const keyring = async () => host.keyring;
    assert.equal((await noticeFor(message, async () => new Keyring(new MemoryKeyStore()), silent)).heading, "Permission needed in a session");
    assert.equal((await noticeFor({ ...message, title: title.slice(0, -2) + "AA" }, keyring, silent)).heading, "Permission needed in a session");
    assert.equal((await noticeFor({ ...message, title: null }, keyring, silent)).heading, "Permission needed in a session");
    assert.equal((await noticeFor({ ...message, key: { kid: 3 } as never }, keyring, silent)).heading, "Permission needed in a session");
  });

  test("a payload that is not JSON still shows a notification that opens the list", async () => {
    const notice = await noticeFor(parsePush("not json"), async () => new Keyring(new MemoryKeyStore()), silent);
    assert.equal(notice.path, "/");
    assert.equal(notice.heading, "Permission needed in a session");
    assert.deepEqual(parsePush(null), {});
    assert.deepEqual(parsePush("7"), {});
  });

  test("a title this device fails to open still shows the plain notice for its session, and says why without the payload", async () => {
    const host = await sealingHost();
    const title = await seal(host.sessionKey, "Fix the build", aad.title(host.sessionId));
    const message = { kind: "permission", sessionId: host.sessionId, requestId: "call_1", title, key: host.wrapped };
    const plain = {
      heading: "Permission needed in a session",
      body: "The agent is waiting for your decision.",
      tag: `baton-${host.sessionId}`,
      path: `/s/${host.sessionId}`,
      sessionId: host.sessionId,
    };
    const unreadable: [string, () => Promise<Keyring>, RegExp][] = [
      ["a key store that fails", async () => new Keyring(new ClosedKeyStore()), /InvalidStateError: The database connection is closing\./],
      ["a keyring that cannot be built", () => Promise.reject(new DOMException("Internal error opening backing store.", "UnknownError")), /UnknownError: Internal error opening backing store\./],
    ];
    for (const [what, keyring, reason] of unreadable) {
      const warnings: string[] = [];
      assert.deepEqual(await noticeFor(message, keyring, (warning) => warnings.push(warning)), plain, what);
      assert.equal(warnings.length, 1, what);
      assert.match(warnings[0]!, reason, what);
      for (const secret of [title, host.wrapped.wrapped, host.wrapped.kid, host.contentText]) assert.ok(!warnings[0]!.includes(secret), `${what}: ${warnings[0]}`);
    }
  });
});
