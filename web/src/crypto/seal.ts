// The seal primitive every end-to-end encrypted field uses: AES-256-GCM with a random 12-byte nonce,
// written as base64url without padding of nonce || ciphertext || tag. Web Crypto does the work (in the
// page, the service worker, and Node for the tests); nothing here is a primitive of its own.

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A sealed blob that did not open: the wrong key, altered bytes or altered associated data. */
export class SealError extends Error {}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Strict: anything but the base64url alphabet (padding included) is refused rather than guessed at. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new SealError("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "="));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function utf8(text: string): Uint8Array<ArrayBuffer> {
  const encoded = encoder.encode(text);
  const bytes = new Uint8Array(new ArrayBuffer(encoded.length));
  bytes.set(encoded);
  return bytes;
}

/** A 32-byte key for AES-GCM; not extractable, since only the raw bytes it came from are ever passed on. */
export async function importKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== KEY_BYTES) throw new SealError(`a key is ${KEY_BYTES} bytes, not ${raw.length}`);
  const copy = new Uint8Array(new ArrayBuffer(KEY_BYTES));
  copy.set(raw);
  return crypto.subtle.importKey("raw", copy, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

export async function seal(key: CryptoKey, plaintext: Uint8Array | string, aad: string): Promise<string> {
  return sealWithNonce(key, plaintext, aad, crypto.getRandomValues(new Uint8Array(new ArrayBuffer(NONCE_BYTES))));
}

/** Sealing with a given nonce, which must never repeat under a key: only for checking against fixed vectors. */
export async function sealWithNonce(key: CryptoKey, plaintext: Uint8Array | string, aad: string, nonce: Uint8Array): Promise<string> {
  if (nonce.length !== NONCE_BYTES) throw new SealError(`a nonce is ${NONCE_BYTES} bytes`);
  const iv = copyOf(nonce);
  const data = typeof plaintext === "string" ? utf8(plaintext) : copyOf(plaintext);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: utf8(aad), tagLength: TAG_BYTES * 8 }, key, data),
  );
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, NONCE_BYTES);
  return toBase64Url(out);
}

/** The plaintext bytes, or a SealError. */
export async function open(key: CryptoKey, sealed: string, aad: string): Promise<Uint8Array> {
  const bytes = fromBase64Url(sealed);
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new SealError("too short to be sealed");
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.subarray(0, NONCE_BYTES), additionalData: utf8(aad), tagLength: TAG_BYTES * 8 },
        key,
        bytes.subarray(NONCE_BYTES),
      ),
    );
  } catch {
    throw new SealError("does not open under this key and associated data");
  }
}

export async function sealJson(key: CryptoKey, value: unknown, aad: string): Promise<string> {
  return seal(key, JSON.stringify(value), aad);
}

export async function openText(key: CryptoKey, sealed: string, aad: string): Promise<string> {
  try {
    return decoder.decode(await open(key, sealed, aad));
  } catch (error) {
    throw error instanceof SealError ? error : new SealError("opened to something that is not UTF-8");
  }
}

export async function openJson<T>(key: CryptoKey, sealed: string, aad: string): Promise<T> {
  const text = await openText(key, sealed, aad);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SealError("opened to something that is not JSON");
  }
}

/** A content key's id: the first 16 characters of base64url(SHA-256(key)). */
export async function keyId(raw: Uint8Array): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", copyOf(raw)))).slice(0, 16);
}

function copyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(new ArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}
