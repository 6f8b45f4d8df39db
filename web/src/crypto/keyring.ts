import { IndexedDbStore } from "../core/indexed-db-store.ts";
import { aad } from "./aad.ts";
import { fromBase64Url, importKey, keyId, open, SealError, toBase64Url } from "./seal.ts";

/** A session's data key as the relay hands it out: sealed under the content key named by `kid`. */
export interface WrappedKey {
  kid: string;
  wrapped: string;
}

/** Where a device keeps its content keys by kid: it must outlive a reload and be readable by the service worker. */
export interface ContentKeyStore {
  get(kid: string): Promise<Uint8Array | null>;
  put(kid: string, raw: Uint8Array): Promise<void>;
  kids(): Promise<string[]>;
  clear(): Promise<void>;
}

/** What opening a session's data key came to. */
export type SessionKey =
  | { kind: "open"; key: CryptoKey }
  /** This device holds no content key with that kid: the session was paired from another machine. */
  | { kind: "locked"; kid: string }
  /** The wrapped key does not open under the content key it names: altered on the way. */
  | { kind: "tampered" };

/**
 * The content keys this device holds, and the session keys opened with them. Keys are imported once and
 * kept as non-extractable CryptoKeys; the raw content keys stay in the store only so this device can
 * pass them on to the next device it pairs.
 */
export class Keyring {
  private readonly contentKeys = new Map<string, Promise<CryptoKey | null>>();
  private readonly sessionKeys = new Map<string, Promise<SessionKey>>();
  /**
   * Asked for a content key this device does not hold, before it counts as missing: the page, or the
   * service worker reading a push, fetches the keys a backend delivered when it rotated.
   */
  private learner: ((kid: string) => Promise<void>) | null = null;

  constructor(private readonly store: ContentKeyStore) {}

  learnWith(learner: (kid: string) => Promise<void>): void {
    this.learner = learner;
  }

  /** Takes a content key from a pairing link; answers its kid. */
  async add(keyText: string): Promise<string> {
    const raw = fromBase64Url(keyText);
    await importKey(raw); // refuses anything that is not a key before it is kept
    const kid = await keyId(raw);
    await this.store.put(kid, raw);
    this.contentKeys.delete(kid);
    this.sessionKeys.clear(); // sessions that were locked may open now
    return kid;
  }

  /** Forgets every key: this browser is no longer a paired device. */
  async clear(): Promise<void> {
    await this.store.clear();
    this.contentKeys.clear();
    this.sessionKeys.clear();
  }

  /**
   * The content keys as a pairing link carries them, for pairing another device from this one; `first` (the
   * newest this device learned) leads, since the device that takes the link registers under its first key.
   */
  async exportAll(first: string | null = null): Promise<string[]> {
    const out: string[] = [];
    const kids = await this.store.kids();
    for (const kid of first && kids.includes(first) ? [first, ...kids.filter((k) => k !== first)] : kids) {
      const raw = await this.store.get(kid);
      if (raw) out.push(toBase64Url(raw));
    }
    return out;
  }

  /** The ids of the content keys this device holds. */
  kids(): Promise<string[]> {
    return this.store.kids();
  }

  /** A content key's raw bytes, which authenticate what a holder of it says (a delivery, a registration). */
  raw(kid: string): Promise<Uint8Array | null> {
    return this.store.get(kid);
  }

  /** A miss is not kept: the key may be delivered later. */
  contentKey(kid: string): Promise<CryptoKey | null> {
    let key = this.contentKeys.get(kid);
    if (!key) {
      key = this.load(kid);
      this.contentKeys.set(kid, key);
      forgetWhen(this.contentKeys, kid, key, (found) => found === null);
    }
    return key;
  }

  private async load(kid: string): Promise<CryptoKey | null> {
    let raw = await this.store.get(kid);
    if (!raw && this.learner) {
      await this.learner(kid).catch(() => undefined);
      raw = await this.store.get(kid);
    }
    return raw ? importKey(raw) : null;
  }

  /** A locked answer is not kept either, for the same reason. */
  sessionKey(sessionId: string, wrapped: WrappedKey): Promise<SessionKey> {
    const cacheKey = `${sessionId}|${wrapped.kid}|${wrapped.wrapped}`;
    let key = this.sessionKeys.get(cacheKey);
    if (!key) {
      key = this.unwrap(sessionId, wrapped);
      this.sessionKeys.set(cacheKey, key);
      forgetWhen(this.sessionKeys, cacheKey, key, (opened) => opened.kind === "locked");
    }
    return key;
  }

  private async unwrap(sessionId: string, wrapped: WrappedKey): Promise<SessionKey> {
    const contentKey = await this.contentKey(wrapped.kid);
    if (!contentKey) return { kind: "locked", kid: wrapped.kid };
    try {
      return { kind: "open", key: await importKey(await open(contentKey, wrapped.wrapped, aad.sessionKey(sessionId, wrapped.kid))) };
    } catch (error) {
      if (error instanceof SealError) return { kind: "tampered" };
      throw error;
    }
  }
}

/** Drops a cached answer once it turns out to be one not worth keeping (or a failure), unless it was replaced meanwhile. */
function forgetWhen<T>(cache: Map<string, Promise<T>>, id: string, answer: Promise<T>, drop: (value: T) => boolean): void {
  const forget = () => {
    if (cache.get(id) === answer) cache.delete(id);
  };
  answer.then((value) => drop(value) && forget(), forget);
}

/** Keeps content keys in memory only: tests, and browsers without IndexedDB. */
export class MemoryKeyStore implements ContentKeyStore {
  private readonly keys = new Map<string, Uint8Array>();
  async get(kid: string) {
    return this.keys.get(kid) ?? null;
  }
  async put(kid: string, raw: Uint8Array) {
    this.keys.set(kid, raw);
  }
  async kids() {
    return [...this.keys.keys()];
  }
  async clear() {
    this.keys.clear();
  }
}

const DATABASE = "baton-keys";
const KEYS = "content-keys";

/**
 * The browser's IndexedDB, in a database of its own so the service worker can open it without knowing
 * the page's other stores. Keys are the raw bytes under their kid.
 */
export class IndexedDbKeyStore implements ContentKeyStore {
  private readonly store: IndexedDbStore;

  constructor(factory: IDBFactory = indexedDB) {
    this.store = new IndexedDbStore(factory, DATABASE, KEYS);
  }

  async get(kid: string): Promise<Uint8Array | null> {
    return (await this.store.get<Uint8Array>(kid)) ?? null;
  }

  put(kid: string, raw: Uint8Array): Promise<void> {
    return this.store.put(kid, raw);
  }

  async kids(): Promise<string[]> {
    return (await this.store.keys()).map(String);
  }

  clear(): Promise<void> {
    return this.store.clear();
  }
}
