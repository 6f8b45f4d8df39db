import type { SavedSession } from "../core/saved-session.ts";
import type { SessionModel } from "../core/session-model.ts";

/** Where a device keeps its sessions between visits. */
export interface SessionStore {
  load(sessionId: string): Promise<SavedSession | null>;
  save(sessionId: string, session: SavedSession): Promise<void>;
  /** Everything, when this browser stops being a paired device. */
  clear(): Promise<void>;
}

/** Transcript writes wait this long for more changes. */
export const SAVE_DELAY_MS = 1_000;

/**
 * Keeps an open session's model saved while it changes: the transcript at most once per SAVE_DELAY_MS
 * (a streamed answer changes the model many times a second), an input the moment it is typed or settled
 * (it must survive the tab being killed right after), and everything when the page is being hidden.
 * Returns the stop function.
 */
export function keepSaved(model: SessionModel, store: SessionStore, onHide: (flush: () => void) => () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let savedInputs = inputsOf(model);
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    savedInputs = inputsOf(model);
    const saved = model.saved();
    if (saved) void store.save(model.sessionId, saved).catch(() => undefined);
  };
  const unsubscribe = model.subscribe(() => {
    if (inputsOf(model) !== savedInputs) flush();
    else timer ??= setTimeout(flush, SAVE_DELAY_MS);
  });
  const stopHide = onHide(flush);
  return () => {
    unsubscribe();
    stopHide();
    flush();
  };
}

function inputsOf(model: SessionModel): string {
  return model.pending.toResend.map((pending) => pending.inputId).join(" ");
}

const DATABASE = "baton";
const SESSIONS = "sessions";

/** The browser's IndexedDB: room for long transcripts, and off the main thread. */
export class IndexedDbSessions implements SessionStore {
  private database: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory = indexedDB) {}

  async load(sessionId: string): Promise<SavedSession | null> {
    const found = await this.request<SavedSession | undefined>("readonly", (store) => store.get(sessionId));
    return found ?? null;
  }

  async save(sessionId: string, session: SavedSession): Promise<void> {
    await this.request("readwrite", (store) => store.put(session, sessionId));
  }

  async clear(): Promise<void> {
    await this.request("readwrite", (store) => store.clear());
  }

  private async request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    const database = await this.open();
    return new Promise((resolve, reject) => {
      const request = make(database.transaction(SESSIONS, mode).objectStore(SESSIONS));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  }

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise((resolve, reject) => {
      const request = this.factory.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(SESSIONS);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.database;
  }
}
