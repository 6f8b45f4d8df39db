import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { aad } from "../src/crypto/aad.ts";
import type { DeliveredContentKey } from "../src/core/protocol.ts";
import {
  DeliveryError,
  keyEncryptionKey,
  macText,
  openDelivery,
  registration,
  sharedSecret,
} from "../src/crypto/content-key-delivery.ts";
import { fromBase64Url, importKey, keyId, sealWithNonce, toBase64Url } from "../src/crypto/seal.ts";

// The shared vector of a content key delivered after a rotation, which the Java side builds and checks
// too: every field is recomputed here with Web Crypto, from the fixed keys it starts with.
const SEALED = new URL("../../conformance/sealed/", import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, SEALED), "utf8"));

type Jwk = { kty: string; crv: string; d: string; x: string; y: string };
const P256 = { name: "ECDH", namedCurve: "P-256" } as const;

const privateKeyOf = (jwk: Jwk) => crypto.subtle.importKey("jwk", jwk, P256, false, ["deriveBits"]);

async function publicKeyOf(jwk: Jwk): Promise<string> {
  const { d: _d, ...publicJwk } = jwk;
  const key = await crypto.subtle.importKey("jwk", publicJwk, P256, true, []);
  return toBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", key)));
}

async function hmac(key: string, message: string): Promise<string> {
  const mac = await crypto.subtle.importKey("raw", fromBase64Url(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", mac, new TextEncoder().encode(message))));
}

describe("the content-key-wrap vector", () => {
  const v = read("content-key-wrap.json");

  test("the device's key, its proof and both kids", async () => {
    assert.equal(await publicKeyOf(v.devicePrivateKeyJwk), v.devicePublicKey);
    assert.equal(await keyId(fromBase64Url(v.previousContentKey)), v.previousKid);
    assert.equal(await keyId(fromBase64Url(v.newContentKey)), v.newKid);
    assert.equal(macText.deviceKey(v.deviceId, v.devicePublicKey), v.proofMessage);
    assert.deepEqual(await registration(fromBase64Url(v.previousContentKey), v.previousKid, v.deviceId, v.devicePublicKey), v.agreementKey);
  });

  test("the private keys read as PKCS#8 too, as the same keys", async () => {
    for (const [pkcs8, jwk] of [
      [v.devicePrivateKeyPkcs8, v.devicePrivateKeyJwk],
      [v.ephemeralPrivateKeyPkcs8, v.ephemeralPrivateKeyJwk],
    ] as [string, Jwk][]) {
      const key = await crypto.subtle.importKey("pkcs8", fromBase64Url(pkcs8), P256, true, ["deriveBits"]);
      const exported = (await crypto.subtle.exportKey("jwk", key)) as Jwk;
      assert.deepEqual([exported.d, exported.x, exported.y], [jwk.d, jwk.x, jwk.y]);
    }
  });

  test("the shared secret from either side, the key-encryption key, the wrapped key and its authenticator", async () => {
    assert.equal(await publicKeyOf(v.ephemeralPrivateKeyJwk), v.ephemeralPublicKey);
    const fromDevice = await sharedSecret(await privateKeyOf(v.devicePrivateKeyJwk), v.ephemeralPublicKey);
    const fromBackend = await sharedSecret(await privateKeyOf(v.ephemeralPrivateKeyJwk), v.devicePublicKey);
    assert.equal(toBase64Url(fromDevice), v.sharedSecret);
    assert.equal(toBase64Url(fromBackend), v.sharedSecret);
    assert.equal(aad.contentKey(v.deviceId, v.newKid), v.hkdfInfo);
    const kek = await keyEncryptionKey(fromDevice, v.ephemeralPublicKey, v.deviceId, v.newKid);
    assert.equal(toBase64Url(kek), v.kek);
    const wrapped = await sealWithNonce(await importKey(kek), fromBase64Url(v.newContentKey), v.hkdfInfo, fromBase64Url(v.nonce));
    assert.equal(wrapped, v.delivery.wrapped);
    assert.equal(macText.contentKeyAuth(v.deviceId, v.newKid, v.ephemeralPublicKey, wrapped), v.authMessage);
    assert.equal(await hmac(v.previousContentKey, v.authMessage), v.auth);
    const { deviceId, ...delivered } = v.delivery;
    assert.equal(deviceId, v.deviceId);
    assert.deepEqual(delivered, v.delivered);
    assert.deepEqual(v.delivered, { kid: v.newKid, previousKid: v.previousKid, ephemeralPublicKey: v.ephemeralPublicKey, wrapped, auth: v.auth });
  });

  test("the device opens what it fetched to the new key", async () => {
    const opened = await openDelivery(v.delivered, v.deviceId, await privateKeyOf(v.devicePrivateKeyJwk), fromBase64Url(v.previousContentKey));
    assert.equal(toBase64Url(opened), v.newContentKey);
  });

  test("the refused variant is refused", async () => {
    const refused = read("refused/content-key-wrap/altered-auth.json") as {
      description: string;
      deviceId: string;
      devicePrivateKeyJwk: Jwk;
      previousContentKey: string;
      delivered: DeliveredContentKey;
    };
    await assert.rejects(
      openDelivery(refused.delivered, refused.deviceId, await privateKeyOf(refused.devicePrivateKeyJwk), fromBase64Url(refused.previousContentKey)),
      DeliveryError,
      refused.description,
    );
  });
});
