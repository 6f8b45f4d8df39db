import type { AgreementKeyPair } from "./content-key-delivery.ts";

/** This device's agreement key and what the relay was last told about it. */
export interface StoredAgreementKey extends AgreementKeyPair {
  /** The device the pair was made for: a device paired again gets a fresh pair. */
  deviceId: string;
  /** The content key to register under: the newest this device learned, or null to take any it holds. */
  kid: string | null;
  /** The content key the relay holds this key's registration under, or null before it took one. */
  registeredKid: string | null;
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
  private database: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory = indexedDB) {}

  async load(): Promise<StoredAgreementKey | null> {
    return (await this.request<StoredAgreementKey | undefined>("readonly", (store) => store.get(CURRENT))) ?? null;
  }

  async save(key: StoredAgreementKey): Promise<void> {
    await this.request("readwrite", (store) => store.put(key, CURRENT));
  }

  async clear(): Promise<void> {
    await this.request("readwrite", (store) => store.clear());
  }

  private async request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    const database = await this.open();
    return new Promise((resolve, reject) => {
      const request = make(database.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  }

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise((resolve, reject) => {
      const request = this.factory.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.database;
  }
}
