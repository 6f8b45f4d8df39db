import type { Cursor, DeviceFrame, SessionEvent } from "./protocol.ts";

type Sync = Extract<DeviceFrame, { type: "sync" }>;

/** Text streamed as delta frames for an assistant message that has not been committed yet. */
export interface StreamingMessage {
  messageId: string;
  text: string;
}

/** What applying frames did to the log; `hole` means events were missing and the caller must resubscribe. */
export type AppendResult = "appended" | "hole";

/**
 * The session's committed events in seq order, plus the assistant messages still streaming.
 * Duplicates (by seq) are ignored; a committed `assistant_message` replaces its streamed text.
 */
export class Transcript {
  private committed: SessionEvent[] = [];
  private streaming = new Map<string, string>();
  private epoch: string | null = null;
  private truncatedTail = false;

  get events(): readonly SessionEvent[] {
    return this.committed;
  }

  get streamingMessages(): StreamingMessage[] {
    return [...this.streaming].map(([messageId, text]) => ({ messageId, text }));
  }

  /** True when the relay no longer holds the start of the log, so the transcript starts later than seq 1. */
  get truncated(): boolean {
    return this.truncatedTail;
  }

  /** Where to resume from; null before the first sync. */
  get cursor(): Cursor | null {
    if (this.epoch === null) {
      return null;
    }
    return { epoch: this.epoch, seq: this.lastSeq };
  }

  private get lastSeq(): number {
    return this.committed.at(-1)?.seq ?? 0;
  }

  /** `ok` continues what we hold; `gap` replaces it with the tail the relay has. */
  sync(frame: Sync): AppendResult {
    if (frame.status === "gap" || frame.epoch !== this.epoch) {
      this.committed = [];
      this.streaming.clear();
      this.epoch = frame.epoch ?? null;
      this.truncatedTail = frame.truncated ?? false;
      this.committed = [...frame.events].sort((a, b) => a.seq - b.seq);
      this.dropCommittedStreams(this.committed);
      return "appended";
    }
    return this.append(frame.events);
  }

  append(events: readonly SessionEvent[]): AppendResult {
    for (const event of events) {
      if (event.seq <= this.lastSeq) {
        continue; // a resend we already hold
      }
      if (event.seq !== this.lastSeq + 1) {
        return "hole";
      }
      this.committed.push(event);
      this.dropCommittedStreams([event]);
    }
    return "appended";
  }

  delta(messageId: string, text: string): void {
    if (this.committed.some((event) => event.type === "assistant_message" && event.messageId === messageId)) {
      return; // a late delta for a message already committed
    }
    this.streaming.set(messageId, (this.streaming.get(messageId) ?? "") + text);
  }

  private dropCommittedStreams(events: readonly SessionEvent[]): void {
    for (const event of events) {
      if (event.type === "assistant_message") {
        this.streaming.delete(event.messageId);
      }
    }
  }
}
