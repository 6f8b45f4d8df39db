import type { SessionSummary } from "../core/protocol.ts";
import type { SessionSummary as SealedSummary } from "../../../protocol/target/generated-ts/protocol";
import { aad } from "./aad.ts";
import type { Keyring } from "./keyring.ts";
import { openText, SealError } from "./seal.ts";

export type { SealedSummary };

/**
 * Opens the session list: each title under its session's data key, each environment's name and directory
 * under the content key the session's key is wrapped with (one machine's sessions and environment share
 * it). What does not open is not shown: a locked session keeps no title, an altered one reads as
 * untitled, an environment's directory that does not open is left out.
 */
export async function openSummaries(keyring: Keyring, sessions: readonly SealedSummary[]): Promise<SessionSummary[]> {
  return Promise.all(sessions.map((session) => openSummary(keyring, session)));
}

async function openSummary(keyring: Keyring, sealed: SealedSummary): Promise<SessionSummary> {
  const { key, spawnTitle, ...session } = sealed;
  const out: SessionSummary = { ...session, title: "" };
  if (session.environment) {
    const { directory: sealedDirectory, ...environment } = session.environment;
    const kid = key?.kid ?? null;
    const name = await underContentKey(keyring, kid, environment.name, aad.environment("name"));
    const directory = sealedDirectory ? await underContentKey(keyring, kid, sealedDirectory, aad.environment("directory")) : "";
    out.environment = { ...environment, name: name || "A computer", ...(directory && { directory }) };
  }
  if (!key) {
    // No host has taken the session up yet, so it has no key and nothing sealed under one: at most the
    // title a device asked for when spawning it.
    if (spawnTitle && session.environment) {
      out.title = await underContentKey(keyring, null, spawnTitle, aad.spawnTitle(session.environment.id));
    }
    return out;
  }
  const opened = await keyring.sessionKey(session.id, key);
  if (opened.kind === "locked") return { ...out, locked: true };
  if (opened.kind === "open" && session.title) out.title = await quietly(openText(opened.key, session.title, aad.title(session.id)));
  return out;
}

/**
 * Opens something sealed under a content key: the one named first, then each other this device holds (a
 * spawned session names none until its host has said its key, and an environment's name may still be
 * sealed under its backend's previous key: one not running at the rotation, or not yet sealed again).
 */
async function underContentKey(keyring: Keyring, kid: string | null, sealed: string, associated: string): Promise<string> {
  const held = await keyring.kids();
  const ids = kid ? [kid, ...held.filter((id) => id !== kid)] : held;
  for (const id of ids) {
    const key = await keyring.contentKey(id);
    const text = key ? await quietly(openText(key, sealed, associated)) : "";
    if (text) return text;
  }
  return "";
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
