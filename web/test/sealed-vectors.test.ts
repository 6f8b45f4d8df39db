import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { aad } from "../src/crypto/aad.ts";
import { fromBase64Url, importKey, keyId, open, SealError, sealWithNonce } from "../src/crypto/seal.ts";

// The seal vectors of the shared conformance suite, which the Java side seals and opens too.
const VECTORS = new URL("../../conformance/sealed/", import.meta.url);

interface Vector {
  description: string;
  key: string;
  kid?: string;
  nonce?: string;
  aad: string;
  aadParts?: Record<string, string | number>;
  plaintextBase64url?: string;
  blob: string;
}

function vectors(folder: URL): { name: string; vector: Vector }[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, vector: JSON.parse(readFileSync(new URL(name, folder), "utf8")) as Vector }));
}

/** How this client builds each vector's associated data from its parts, so a drift in the strings fails here. */
const BUILT: Record<string, (p: Record<string, any>) => string> = {
  "content-key-wrap.json": (p) => aad.contentKey(p.deviceId, p.kid),
  "delta.json": (p) => aad.delta(p.sessionId, p.epoch, p.messageId, p.n),
  "environment-directory.json": () => aad.environment("directory"),
  "environment-hostname.json": () => aad.environment("hostname"),
  "environment-name.json": () => aad.environment("name"),
  "event.json": (p) => aad.event(p.sessionId, p.epoch, p.seq, p.type, p.inputId, p.origin),
  "event-unstamped.json": (p) => aad.event(p.sessionId, p.epoch, p.seq, p.type, p.inputId, p.origin),
  "input.json": (p) => aad.input(p.sessionId, p.inputId),
  "session-key.json": (p) => aad.sessionKey(p.sessionId, p.kid),
  "spawn-title.json": (p) => aad.spawnTitle(p.environmentId),
  "title.json": (p) => aad.title(p.sessionId),
};

describe("the shared seal vectors", () => {
  test("every vector opens to its plaintext under associated data this client builds the same way, and seals back to its blob", async () => {
    const all = vectors(VECTORS);
    assert.ok(all.length >= 9, `only ${all.length} vectors`);
    for (const { name, vector } of all) {
      const build = BUILT[name];
      assert.ok(build, `${name}: a vector this test does not know; add how its associated data is built`);
      assert.equal(build(vector.aadParts ?? {}), vector.aad, name);
      const plaintext = await open(await importKey(fromBase64Url(vector.key)), vector.blob, vector.aad);
      assert.deepEqual(plaintext, fromBase64Url(vector.plaintextBase64url!), name);
      const key = await importKey(fromBase64Url(vector.key));
      assert.equal(await sealWithNonce(key, plaintext, vector.aad, fromBase64Url(vector.nonce!)), vector.blob, `${name}: sealed again`);
      if (vector.kid) assert.equal(await keyId(fromBase64Url(vector.key)), vector.kid, `${name}: kid`);
    }
  });

  test("every refused vector is refused", async () => {
    const refused = vectors(new URL("refused/", VECTORS));
    assert.ok(refused.length > 0);
    for (const { name, vector } of refused) {
      await assert.rejects(
        (async () => open(await importKey(fromBase64Url(vector.key)), vector.blob, vector.aad))(),
        SealError,
        `${name}: ${vector.description}`,
      );
    }
  });
});
