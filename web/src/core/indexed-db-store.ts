/**
 * One object store in an IndexedDB database of its own, opened on first use: the few requests the page and
 * the service worker make of their keys and cached sessions. A database per kind of data lets each be
 * cleared or opened (the service worker opens only the keys) without knowing the others.
 */
export class IndexedDbStore {
  private database: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
    private readonly store: string,
  ) {}

  get<T>(key: IDBValidKey): Promise<T | undefined> {
    return this.request("readonly", (store) => store.get(key));
  }

  async put(key: IDBValidKey, value: unknown): Promise<void> {
    await this.request("readwrite", (store) => store.put(value, key));
  }

  keys(): Promise<IDBValidKey[]> {
    return this.request("readonly", (store) => store.getAllKeys());
  }

  async clear(): Promise<void> {
    await this.request("readwrite", (store) => store.clear());
  }

  private async request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    const database = await this.open();
    return new Promise((resolve, reject) => {
      const request = make(database.transaction(this.store, mode).objectStore(this.store));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  }

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise((resolve, reject) => {
      const request = this.factory.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(this.store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.database;
  }
}
