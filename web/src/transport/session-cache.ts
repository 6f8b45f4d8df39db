import { IndexedDbStore } from "../core/indexed-db-store.ts";
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
  private readonly store: IndexedDbStore;

  constructor(factory: IDBFactory = indexedDB) {
    this.store = new IndexedDbStore(factory, DATABASE, SESSIONS);
  }

  async load(sessionId: string): Promise<SavedSession | null> {
    return (await this.store.get<SavedSession>(sessionId)) ?? null;
  }

  save(sessionId: string, session: SavedSession): Promise<void> {
    return this.store.put(sessionId, session);
  }

  clear(): Promise<void> {
    return this.store.clear();
  }
}
