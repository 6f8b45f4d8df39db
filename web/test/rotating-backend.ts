import type { DeliveredContentKey } from "../src/core/protocol.ts";
import { fromBase64Url, importKey, keyId, seal, toBase64Url } from "../src/crypto/seal.ts";

const P256 = { name: "ECDH", namedCurve: "P-256" } as const;
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * What a backend does when it rotates its content key, written out step by step for the tests (not with
 * the client's own helpers): an ephemeral ECDH key, HKDF, the seal, and an authenticator under the old key.
 */
export async function deliver(deviceId: string, devicePublicKey: string, oldKey: Uint8Array, newKey: Uint8Array, kid?: string): Promise<DeliveredContentKey> {
  const newKid = kid ?? (await keyId(newKey));
  const ephemeral = await crypto.subtle.generateKey(P256, true, ["deriveBits"]);
  const ephemeralPublicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", ephemeral.publicKey)));
  const device = await crypto.subtle.importKey("raw", fromBase64Url(devicePublicKey), P256, false, []);
  const shared = await crypto.subtle.deriveBits({ name: "ECDH", public: device }, ephemeral.privateKey, 256);
  const hkdf = await crypto.subtle.importKey("raw", shared, "HKDF", false, ["deriveBits"]);
  const info = `baton/2/content-key|${deviceId}|${newKid}`;
  const kek = await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: fromBase64Url(ephemeralPublicKey), info: utf8(info) }, hkdf, 256);
  const wrapped = await seal(await importKey(new Uint8Array(kek)), newKey, info);
  const mac = await crypto.subtle.importKey("raw", new Uint8Array(oldKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const auth = await crypto.subtle.sign("HMAC", mac, utf8(`${info}|${ephemeralPublicKey}|${wrapped}`));
  return { kid: newKid, previousKid: await keyId(oldKey), ephemeralPublicKey, wrapped, auth: toBase64Url(new Uint8Array(auth)) };
}

/** Checks a registration's proof as a backend does before it delivers to that key. */
export async function proofHolds(contentKey: Uint8Array, deviceId: string, publicKey: string, proof: string): Promise<boolean> {
  const mac = await crypto.subtle.importKey("raw", new Uint8Array(contentKey), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  return crypto.subtle.verify("HMAC", mac, fromBase64Url(proof), utf8(`baton/2/device-key|${deviceId}|${publicKey}`));
}

export const newContentKey = () => crypto.getRandomValues(new Uint8Array(32));
