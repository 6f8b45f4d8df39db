// A device's agreement key and the content keys a backend delivers to it when it rotates its key (a device
// was revoked): ECDH P-256, HKDF-SHA256, HMAC-SHA256 and the seal's AES-GCM, all Web Crypto, byte for byte
// as the backend builds them (conformance/sealed/content-key-wrap.json).

import type { AgreementKey, DeliveredContentKey } from "../core/protocol.ts";
import { aad } from "./aad.ts";
import { fromBase64Url, importKey, keyId, open, SealError, toBase64Url } from "./seal.ts";

const P256 = { name: "ECDH", namedCurve: "P-256" } as const;
const POINT_BYTES = 65;
const MAC_BYTES = 32;
const encoder = new TextEncoder();

/** This device's half of the key agreement: the private key never leaves Web Crypto. */
export interface AgreementKeyPair {
  privateKey: CryptoKey;
  /** base64url of the uncompressed point, 65 bytes `04‖X‖Y`. */
  publicKey: string;
}

/** A delivery that failed one of its checks; it must not be used. */
export class DeliveryError extends Error {}

/** A fresh key pair; the private key is not extractable, so it can be kept (in IndexedDB) but never read out. */
export async function newAgreementKey(): Promise<AgreementKeyPair> {
  const pair = await crypto.subtle.generateKey(P256, false, ["deriveBits"]);
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64Url(raw) };
}

function bytes(text: string): Uint8Array<ArrayBuffer> {
  const encoded = encoder.encode(text);
  const out = new Uint8Array(new ArrayBuffer(encoded.length));
  out.set(encoded);
  return out;
}

function copyOf(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  out.set(raw);
  return out;
}

/** The content key as an HMAC key: it authenticates what only a holder of it may say. */
export function macKey(contentKey: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", copyOf(contentKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/** What the two HMACs authenticate, byte for byte as the backend builds it. */
export const macText = {
  /** A registration's proof. */
  deviceKey: (deviceId: string, publicKey: string) => `baton/2/device-key|${deviceId}|${publicKey}`,
  /** A delivery's auth. */
  contentKeyAuth: (deviceId: string, kid: string, ephemeralPublicKey: string, wrapped: string) =>
    `${aad.contentKey(deviceId, kid)}|${ephemeralPublicKey}|${wrapped}`,
};

/**
 * The registration of an agreement key under the content key `kid`: its proof binds the public key to this
 * device id and to a holder of that content key, so a relay can neither substitute a key nor move one.
 */
export async function registration(contentKey: Uint8Array, kid: string, deviceId: string, publicKey: string): Promise<AgreementKey> {
  const proof = await crypto.subtle.sign("HMAC", await macKey(contentKey), bytes(macText.deviceKey(deviceId, publicKey)));
  return { publicKey, kid, proof: toBase64Url(new Uint8Array(proof)) };
}

/** ECDH on P-256: the shared point's 32-byte X coordinate. */
export async function sharedSecret(privateKey: CryptoKey, peerPublicKey: string): Promise<Uint8Array<ArrayBuffer>> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64Url(peerPublicKey);
  } catch {
    throw new DeliveryError("the ephemeral key is not base64url");
  }
  if (raw.length !== POINT_BYTES || raw[0] !== 4) throw new DeliveryError("the ephemeral key is not an uncompressed P-256 point");
  let peer: CryptoKey;
  try {
    peer = await crypto.subtle.importKey("raw", raw, P256, false, []);
  } catch {
    throw new DeliveryError("the ephemeral key is not a P-256 point");
  }
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "ECDH", public: peer }, privateKey, 256));
}

/** HKDF-SHA256 of the shared secret, salted with the ephemeral public key, bound to this device and the new kid. */
export async function keyEncryptionKey(shared: Uint8Array, ephemeralPublicKey: string, deviceId: string, kid: string): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await crypto.subtle.importKey("raw", copyOf(shared), "HKDF", false, ["deriveBits"]);
  const params = { name: "HKDF", hash: "SHA-256", salt: fromBase64Url(ephemeralPublicKey), info: bytes(aad.contentKey(deviceId, kid)) };
  return new Uint8Array(await crypto.subtle.deriveBits(params, ikm, 256));
}

/**
 * Opens a delivery with the previous content key it names (which authenticates it) and this device's private
 * key: the new content key's raw bytes, whose id must be the delivery's kid. Any failed check is a
 * DeliveryError.
 */
export async function openDelivery(
  delivery: DeliveredContentKey,
  deviceId: string,
  privateKey: CryptoKey,
  previousKey: Uint8Array,
): Promise<Uint8Array> {
  const { kid, ephemeralPublicKey, wrapped } = delivery;
  let auth: Uint8Array<ArrayBuffer>;
  try {
    auth = fromBase64Url(delivery.auth);
  } catch {
    throw new DeliveryError("its authenticator is not base64url");
  }
  const authentic =
    auth.length === MAC_BYTES &&
    (await crypto.subtle.verify("HMAC", await macKey(previousKey), auth, bytes(macText.contentKeyAuth(deviceId, kid, ephemeralPublicKey, wrapped))));
  if (!authentic) throw new DeliveryError("its authenticator does not verify under the previous key");
  const kek = await keyEncryptionKey(await sharedSecret(privateKey, ephemeralPublicKey), ephemeralPublicKey, deviceId, kid);
  let contentKey: Uint8Array;
  try {
    contentKey = await open(await importKey(kek), wrapped, aad.contentKey(deviceId, kid));
    await importKey(contentKey); // 32 bytes, or it is no content key
  } catch (error) {
    if (error instanceof SealError) throw new DeliveryError("the wrapped key does not open");
    throw error;
  }
  if ((await keyId(contentKey)) !== kid) throw new DeliveryError("the key is not the one its kid names");
  return contentKey;
}
