import { aad } from "../src/crypto/aad.ts";
import { Keyring, MemoryKeyStore, type WrappedKey } from "../src/crypto/keyring.ts";
import { importKey, keyId, seal, sealJson, toBase64Url } from "../src/crypto/seal.ts";
import type { SealedEvent, SessionEvent } from "../src/core/protocol.ts";

/** What the backend does, for the tests: a content key, a session key wrapped under it, and sealed events. */
export async function sealingHost(sessionId = "s-1", epoch = "e-1") {
  const contentRaw = crypto.getRandomValues(new Uint8Array(32));
  const sessionRaw = crypto.getRandomValues(new Uint8Array(32));
  const kid = await keyId(contentRaw);
  const contentKey = await importKey(contentRaw);
  const sessionKey = await importKey(sessionRaw);
  const wrapped: WrappedKey = { kid, wrapped: await seal(contentKey, sessionRaw, aad.sessionKey(sessionId, kid)) };
  const keyring = new Keyring(new MemoryKeyStore());
  await keyring.add(toBase64Url(contentRaw));
  return {
    sessionId,
    epoch,
    kid,
    contentText: toBase64Url(contentRaw),
    contentKey,
    sessionKey,
    wrapped,
    keyring,
    async event(event: SessionEvent): Promise<SealedEvent> {
      const { seq, ts, type, inputId, origin, ...body } = event as SessionEvent & { inputId?: string; origin?: string };
      const header: SealedEvent = { seq, ts, type, ...(inputId ? { inputId } : {}), ...(origin ? { origin } : {}) };
      if (type === "status") return { ...header, processing: (event as { processing: boolean }).processing };
      if ("requestId" in body) header.requestId = String(body.requestId);
      return { ...header, sealed: await sealJson(sessionKey, { type, ...body }, aad.event(sessionId, epoch, seq, type, header.inputId, header.origin)) };
    },
    async title(title: string): Promise<string> {
      return seal(sessionKey, title, aad.title(sessionId));
    },
  };
}
