import { IndexedDbStore } from "../core/indexed-db-store.ts";
import type { AgreementKeyPair } from "./content-key-delivery.ts";

/** This device's agreement key and what the relay was last told about it. */
export interface StoredAgreementKey extends AgreementKeyPair {
  /** The device the pair was made for: a device paired again gets a fresh pair. */
  deviceId: string;
  /**
   * The newest content key this device learned (from its pairing link or a delivery), or null to take any
   * it holds: registered under last, so the relay lists it first, and first in a link that pairs another
   * device from this one.
   */
  kid: string | null;
  /**
   * The content keys the relay holds this key's registration under, in the order they were made: one per
   * content key held, so the backend of every machine whose key this device holds can deliver its next one.
   */
  registeredKids: string[];
}

export interface AgreementKeyStore {
  load(): Promise<StoredAgreementKey | null>;
  save(key: StoredAgreementKey): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryAgreementKeyStore implements AgreementKeyStore {
  private key: StoredAgreementKey | null = null;
  async load() {
    return this.key;
  }
  async save(key: StoredAgreementKey) {
    this.key = key;
  }
  async clear() {
    this.key = null;
  }
}

const DATABASE = "baton-agreement-key";
const STORE = "agreement-key";
const CURRENT = "current";

/**
 * IndexedDB keeps the private key as the non-extractable CryptoKey itself (structured clone keeps it
 * unreadable), in a database of its own so the content keys' database needs no new version.
 */
export class IndexedDbAgreementKeyStore implements AgreementKeyStore {
  private readonly store: IndexedDbStore;

  constructor(factory: IDBFactory = indexedDB) {
    this.store = new IndexedDbStore(factory, DATABASE, STORE);
  }

  async load(): Promise<StoredAgreementKey | null> {
    return (await this.store.get<StoredAgreementKey>(CURRENT)) ?? null;
  }

  save(key: StoredAgreementKey): Promise<void> {
    return this.store.put(CURRENT, key);
  }

  clear(): Promise<void> {
    return this.store.clear();
  }
}
