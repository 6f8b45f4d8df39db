import { aad } from "../crypto/aad.ts";
import type { Keyring, WrappedKey } from "../crypto/keyring.ts";
import { openText, SealError } from "../crypto/seal.ts";

/**
 * What the relay pushes: ids and a kind, and the session's title sealed with the key wrapped for it, so
 * neither the relay nor the push service can read anything from it.
 */
export interface PushMessage {
  kind?: string;
  sessionId?: string;
  requestId?: string;
  title?: string | null;
  key?: WrappedKey | null;
}

/** A notification to show for a push. */
export interface PushNotice {
  heading: string;
  body: string;
  tag: string;
  /** The page a tap opens: the session, where its prompt waits. */
  path: string;
  sessionId: string | null;
}

/** Reads a push payload; anything that is not one reads as a push with nothing in it. */
export function parsePush(text: string | null): PushMessage {
  try {
    const parsed = text ? (JSON.parse(text) as unknown) : {};
    return typeof parsed === "object" && parsed !== null ? (parsed as PushMessage) : {};
  } catch {
    return {};
  }
}

/** The notification for a push, its title opened with the content keys this device holds; without them it names no session. */
export async function noticeFor(message: PushMessage, keyring: Keyring): Promise<PushNotice> {
  const sessionId = typeof message.sessionId === "string" ? message.sessionId : null;
  const title = sessionId ? await titleOf(sessionId, message, keyring) : null;
  const turn = message.kind === "turn";
  const heading = turn ? "Turn finished" : "Permission needed";
  return {
    heading: title ? `${heading} — ${title}` : `${heading} in a session`,
    body: turn ? "The agent is waiting for you." : "The agent is waiting for your decision.",
    tag: sessionId ? `baton-${sessionId}` : "baton",
    path: sessionId ? `/s/${encodeURIComponent(sessionId)}` : "/",
    sessionId,
  };
}

async function titleOf(sessionId: string, message: PushMessage, keyring: Keyring): Promise<string | null> {
  const key = message.key;
  if (!message.title || !key || typeof key.kid !== "string" || typeof key.wrapped !== "string") return null;
  try {
    const opened = await keyring.sessionKey(sessionId, key);
    if (opened.kind !== "open") return null;
    return (await openText(opened.key, message.title, aad.title(sessionId))) || null;
  } catch (error) {
    if (error instanceof SealError) return null;
    throw error;
  }
}
