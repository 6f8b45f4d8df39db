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

/** Told why a push's title stayed closed, in words that carry no key, token or title. */
export type PushWarning = (reason: string) => void;

/**
 * The notification for a push, its title opened with the content keys this device holds; without them it
 * names no session. A push is never left unshown: a keyring that cannot be built or a title that cannot be
 * opened (IndexedDB failing under the worker) gives the same plain notice, and `warn` is told why.
 */
export async function noticeFor(message: PushMessage, keyring: () => Promise<Keyring>, warn: PushWarning): Promise<PushNotice> {
  const sessionId = typeof message.sessionId === "string" ? message.sessionId : null;
  const title = sessionId ? await titleOf(sessionId, message, keyring, warn) : null;
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

async function titleOf(sessionId: string, message: PushMessage, keyring: () => Promise<Keyring>, warn: PushWarning): Promise<string | null> {
  const key = message.key;
  if (!message.title || !key || typeof key.kid !== "string" || typeof key.wrapped !== "string") return null;
  try {
    const opened = await (await keyring()).sessionKey(sessionId, key);
    if (opened.kind !== "open") return null;
    return (await openText(opened.key, message.title, aad.title(sessionId))) || null;
  } catch (error) {
    // An altered title is expected and says nothing new; anything else is this device failing to read its own keys.
    if (!(error instanceof SealError)) warn(`a push's session title could not be opened (${describeFailure(error)}); the notice names no session`);
    return null;
  }
}

/** The kind of failure and the platform's words for it: never the payload, which holds the sealed title and wrapped key. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
