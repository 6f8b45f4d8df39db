// The scripted phone's sealing (protocol version 2), apart from the phone so that a unit test can hold it
// to the conformance vectors every other implementation (the backend's, the web client's) agrees with.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The associated data the phone builds, byte for byte as docs/protocol.md ("Version 2") writes it. */
export const aad = {
  event: (sessionId: string, epoch: string, seq: number, type: string, inputId?: string | null, origin?: string | null) =>
    `baton/2/event|${sessionId}|${epoch}|${seq}|${counted(inputId)}|${counted(origin)}|${type}`,
  input: (sessionId: string, inputId: string) => `baton/2/input|${sessionId}|${inputId}`,
  sessionKey: (sessionId: string, kid: string) => `baton/2/session-key|${sessionId}|${kid}`,
};

/** An id in the event's associated data: its length in UTF-8 bytes, `:`, itself; `-` when absent. */
function counted(value: string | undefined | null): string {
  return value == null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** AES-256-GCM, as the backend seals: base64url(nonce (12) ‖ ciphertext ‖ tag (16)). Throws when it does not open. */
export function openBlob(key: Buffer, blob: string, associatedData: string): Buffer {
  const bytes = Buffer.from(blob, 'base64url');
  if (bytes.length < 12 + 16) throw new Error('a sealed value shorter than its nonce and tag');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
}

/** Seals under a fresh random nonce; a test may fix the nonce to compare with a vector. */
export function sealBlob(key: Buffer, plaintext: Buffer | string, associatedData: string, nonce: Buffer = randomBytes(12)): string {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}
