import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { aad } from "../src/crypto/aad.ts";
import { Keyring, MemoryKeyStore } from "../src/crypto/keyring.ts";
import { fromBase64Url, importKey, keyId, open, openJson, openText, seal, SealError, sealJson, toBase64Url } from "../src/crypto/seal.ts";
import { sealingHost } from "./sealing.ts";

const key = () => importKey(crypto.getRandomValues(new Uint8Array(32)));

describe("the seal primitive", () => {
  test("opens what it sealed, under the same associated data", async () => {
    const k = await key();
    const sealed = await sealJson(k, { text: "héllo" }, "baton/2/input|s|i");
    assert.match(sealed, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(await openJson(k, sealed, "baton/2/input|s|i"), { text: "héllo" });
  });

  test("is nonce || ciphertext || tag, a fresh nonce each time", async () => {
    const k = await key();
    const a = fromBase64Url(await seal(k, "abc", "x"));
    const b = fromBase64Url(await seal(k, "abc", "x"));
    assert.equal(a.length, 12 + 3 + 16);
    assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
  });

  test("refuses other associated data, another key, and a flipped bit", async () => {
    const k = await key();
    const sealed = await seal(k, "secret", "baton/2/event|s|e|1|user_message");
    await assert.rejects(open(k, sealed, "baton/2/event|s|e|2|user_message"), SealError);
    await assert.rejects(open(await key(), sealed, "baton/2/event|s|e|1|user_message"), SealError);
    const bytes = fromBase64Url(sealed);
    bytes[20]! ^= 1;
    await assert.rejects(open(k, toBase64Url(bytes), "baton/2/event|s|e|1|user_message"), SealError);
    await assert.rejects(open(k, "abc", "x"), SealError);
    await assert.rejects(open(k, sealed + "=", "x"), SealError);
  });

  test("a key id is the first 16 characters of base64url(SHA-256(key))", async () => {
    const raw = new Uint8Array(32).fill(1);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
    assert.equal(await keyId(raw), toBase64Url(digest).slice(0, 16));
    assert.equal((await keyId(raw)).length, 16);
  });

  test("base64url has no padding and round-trips every byte", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = toBase64Url(all);
    assert.doesNotMatch(text, /[=+/]/);
    assert.deepEqual(fromBase64Url(text), all);
  });

  test("the associated data strings are exactly the shared table's", () => {
    assert.equal(aad.event("s", "e", 7, "tool_call"), "baton/2/event|s|e|7|-|-|tool_call");
    assert.equal(aad.event("s", "e", 7, "tool_call", "é", "dev|x"), "baton/2/event|s|e|7|2:é|5:dev|x|tool_call");
    assert.notEqual(aad.event("s", "e", 1, "notice", "a|1:b"), aad.event("s", "e", 1, "notice", "a", "b"));
    assert.notEqual(aad.event("s", "e", 1, "notice", ""), aad.event("s", "e", 1, "notice"));
    assert.equal(aad.delta("s", "e", "m", 2), "baton/2/delta|s|e|m|2");
    assert.equal(aad.input("s", "i"), "baton/2/input|s|i");
    assert.equal(aad.title("s"), "baton/2/title|s");
    assert.equal(aad.spawnTitle("env"), "baton/2/spawn-title|env");
    assert.equal(aad.environment("hostname"), "baton/2/environment|hostname");
    assert.equal(aad.sessionKey("s", "k"), "baton/2/session-key|s|k");
  });
});

describe("the keyring", () => {
  test("opens a session key wrapped under a content key it holds", async () => {
    const host = await sealingHost();
    const opened = await host.keyring.sessionKey(host.sessionId, host.wrapped);
    assert.equal(opened.kind, "open");
    const sealed = await seal(host.sessionKey, "t", aad.title(host.sessionId));
    assert.equal(await openText((opened as { key: CryptoKey }).key, sealed, aad.title(host.sessionId)), "t");
  });

  test("says locked for a kid it does not hold, and unlocks once the key is added", async () => {
    const host = await sealingHost();
    const keyring = new Keyring(new MemoryKeyStore());
    assert.deepEqual(await keyring.sessionKey(host.sessionId, host.wrapped), { kind: "locked", kid: host.kid });
    assert.equal(await keyring.add(host.contentText), host.kid);
    assert.equal((await keyring.sessionKey(host.sessionId, host.wrapped)).kind, "open");
    assert.deepEqual(await keyring.exportAll(), [host.contentText]);
  });

  test("says tampered for a key wrapped for another session", async () => {
    const host = await sealingHost();
    assert.deepEqual(await host.keyring.sessionKey("s-other", host.wrapped), { kind: "tampered" });
  });

  test("refuses a pairing key that is not 32 bytes of base64url", async () => {
    const keyring = new Keyring(new MemoryKeyStore());
    await assert.rejects(keyring.add("c2hvcnQ"), SealError);
    await assert.rejects(keyring.add("not base64!"), SealError);
  });
});
