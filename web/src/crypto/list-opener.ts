import type { SessionSummary } from "../core/protocol.ts";
import { aad } from "./aad.ts";
import type { Keyring, WrappedKey } from "./keyring.ts";
import { openText, SealError } from "./seal.ts";

/** A session in the list as the relay sends it: its title sealed, its key wrapped, its environment's names sealed. */
export type SealedSummary = SessionSummary & { key?: WrappedKey };

/**
 * Opens the session list: each title under its session's data key, each environment's name under the
 * content key the session's key is wrapped with (one machine's sessions and environment share it). What
 * does not open is not shown: a locked session keeps no title, an altered one reads as untitled.
 */
export async function openSummaries(keyring: Keyring, sessions: readonly SealedSummary[]): Promise<SessionSummary[]> {
  return Promise.all(sessions.map((session) => openSummary(keyring, session)));
}

async function openSummary(keyring: Keyring, sealed: SealedSummary): Promise<SessionSummary> {
  const { key, ...session } = sealed;
  if (!key) return { ...session, title: "", locked: true };
  const opened = await keyring.sessionKey(session.id, key);
  if (opened.kind !== "open") return { ...session, title: "", ...(opened.kind === "locked" ? { locked: true } : {}) };
  const title = session.title ? await quietly(openText(opened.key, session.title, aad.title(session.id))) : "";
  const out: SessionSummary = { ...session, title };
  if (session.environment) {
    const contentKey = await keyring.contentKey(key.kid);
    const name = contentKey ? await quietly(openText(contentKey, session.environment.name, aad.environment("name"))) : "";
    out.environment = { ...session.environment, name: name || "A computer" };
  }
  return out;
}

/** What did not open is shown as nothing rather than as ciphertext. */
async function quietly(opening: Promise<string>): Promise<string> {
  try {
    return await opening;
  } catch (error) {
    if (error instanceof SealError) return "";
    throw error;
  }
}
