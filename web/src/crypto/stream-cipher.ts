import type { ClientFrame, Cursor, DeviceFrame, SealedDeviceFrame, SealedEvent, SessionEvent } from "../core/protocol.ts";
import { aad } from "./aad.ts";
import type { Keyring } from "./keyring.ts";
import { openJson, openText, SealError, sealJson } from "./seal.ts";

/** What the page says when the relay sent something that did not verify; it is never shown. */
export function rejectionMessage(seq: number | null): string {
  return seq === null
    ? "Part of a reply from the relay failed verification and was not shown."
    : `An event from the relay failed verification and was not shown (seq ${seq}).`;
}

export const LOCKED_MESSAGE =
  "This session is encrypted with a key this device does not hold: it was started on a machine this device was not paired from. Pair this device from that machine to read it here.";

/** What one incoming frame came to. */
export type Opened =
  /** Frames for the model, in plaintext, in order. */
  | { kind: "frames"; frames: DeviceFrame[] }
  /** Something did not verify: nothing of it is shown and the cursor stays where it was. */
  | { kind: "rejected"; frames: DeviceFrame[]; message: string }
  /** The device does not hold the key the session is sealed with. */
  | { kind: "locked"; message: string };

/**
 * Opens what the relay sends on one device stream and seals what the device sends, so the session model
 * only ever sees plaintext. It also checks order: each event must be the next seq after what the device
 * holds (the relay cannot forge a seq, which the associated data binds, but it could drop, replay or
 * reorder events). One instance per socket, fed frames in the order they arrived.
 */
export class StreamCipher {
  private key: CryptoKey | null = null;
  private epoch: string | null = null;
  /** The seq of the last event the device holds, or null before the first sync. */
  private lastSeq: number | null = null;
  private subscribedFrom: Cursor | null = null;

  constructor(
    private readonly sessionId: string,
    private readonly keyring: Keyring,
  ) {}

  /** A frame the device sends, ready for the wire: `subscribe` says protocol 2, an input's body is sealed. */
  async outgoing(frame: ClientFrame): Promise<object> {
    if (frame.type === "subscribe") {
      this.subscribedFrom = frame.cursor ?? null;
      return { ...frame, protocol: 2 };
    }
    if (frame.type === "input") {
      if (!this.key) throw new SealError("no session key yet to seal an input with");
      const { inputId, input } = frame;
      return { type: "input", inputId, sealed: await sealJson(this.key, input, aad.input(this.sessionId, inputId)) };
    }
    return frame;
  }

  async incoming(raw: SealedDeviceFrame): Promise<Opened> {
    switch (raw.type) {
      case "sync":
        return this.sync(raw);
      case "events":
        return this.events(raw.events);
      case "delta":
        return this.delta(raw);
      default:
        return { kind: "frames", frames: [raw] };
    }
  }

  private async sync(raw: Extract<SealedDeviceFrame, { type: "sync" }>): Promise<Opened> {
    if (!raw.key) {
      // No host has said its key yet: a session with nothing in it has nothing to open either.
      const empty = raw.events.length === 0 && !raw.snapshot.title && raw.snapshot.pendingPermissions.length === 0;
      if (!empty) return { kind: "locked", message: LOCKED_MESSAGE };
      this.epoch = raw.epoch ?? null;
      this.lastSeq = 0;
      const { key: _key, ...sync } = raw;
      return { kind: "frames", frames: [{ ...sync, events: [], snapshot: { ...raw.snapshot, pendingPermissions: [] } }] };
    }
    const opened = await this.keyring.sessionKey(this.sessionId, raw.key);
    if (opened.kind === "locked") return { kind: "locked", message: LOCKED_MESSAGE };
    if (opened.kind === "tampered") return { kind: "rejected", frames: [], message: rejectionMessage(raw.events[0]?.seq ?? 0) };
    this.key = opened.key;
    const continues = raw.status === "ok" && this.subscribedFrom !== null && raw.epoch === this.subscribedFrom.epoch;
    this.epoch = raw.epoch ?? null;
    let title: string | null = null;
    const pending: SessionEvent[] = [];
    try {
      if (raw.snapshot.title) title = await openText(this.key, raw.snapshot.title, aad.title(this.sessionId));
      for (const request of raw.snapshot.pendingPermissions) pending.push(await this.open(request));
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      return { kind: "rejected", frames: [], message: rejectionMessage(raw.events[0]?.seq ?? 0) };
    }
    // A gap sync starts the log afresh: the relay's tail, which must itself run without holes.
    this.lastSeq = continues ? this.subscribedFrom!.seq : raw.events.length ? raw.events[0]!.seq - 1 : 0;
    const { events, failure } = await this.openInOrder(raw.events);
    const snapshot = { ...raw.snapshot, title: title ?? "", pendingPermissions: pending };
    const sync = { ...raw, events, snapshot } as unknown as DeviceFrame;
    delete (sync as { key?: unknown }).key;
    return failure === null ? { kind: "frames", frames: [sync] } : { kind: "rejected", frames: [sync], message: failure };
  }

  private async events(raw: SealedEvent[]): Promise<Opened> {
    if (this.key === null || this.lastSeq === null) {
      return { kind: "rejected", frames: [], message: rejectionMessage(raw[0]?.seq ?? 0) };
    }
    const { events, failure } = await this.openInOrder(raw);
    const frames: DeviceFrame[] = events.length ? [{ type: "events", events }] : [];
    return failure === null ? { kind: "frames", frames } : { kind: "rejected", frames, message: failure };
  }

  /** Opens events up to the first that is out of order or does not open; what follows it is not taken either. */
  private async openInOrder(raw: SealedEvent[]): Promise<{ events: SessionEvent[]; failure: string | null }> {
    const events: SessionEvent[] = [];
    for (const event of raw) {
      if (event.seq <= this.lastSeq!) continue; // a resend of what the device already holds
      if (event.seq !== this.lastSeq! + 1) return { events, failure: rejectionMessage(event.seq) };
      try {
        events.push(await this.open(event));
      } catch (error) {
        if (!(error instanceof SealError)) throw error;
        return { events, failure: rejectionMessage(event.seq) };
      }
      this.lastSeq = event.seq;
    }
    return { events, failure: null };
  }

  private async delta(raw: { messageId: string; n: number; sealed: string }): Promise<Opened> {
    if (!this.key || this.epoch === null) return { kind: "rejected", frames: [], message: rejectionMessage(null) };
    try {
      const text = await openText(this.key, raw.sealed, aad.delta(this.sessionId, this.epoch, raw.messageId, raw.n));
      return { kind: "frames", frames: [{ type: "delta", messageId: raw.messageId, text }] };
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      return { kind: "rejected", frames: [], message: rejectionMessage(null) };
    }
  }

  /** One event's body, opened under the associated data its clear header implies; the header must agree with it. */
  private async open(event: SealedEvent): Promise<SessionEvent> {
    const { sealed, ...header } = event;
    if (sealed === undefined) {
      if (event.type !== "status" || typeof event.processing !== "boolean") throw new SealError("an event without a sealed body");
      // Its inputId and origin are bound to nothing: Pending does not settle an input on a status event.
      return header as SessionEvent;
    }
    if (this.epoch === null) throw new SealError("a sealed event in a sync that names no epoch");
    const body = await openJson<Record<string, unknown>>(this.key!, sealed, aad.event(this.sessionId, this.epoch, event.seq, event.type, event.inputId, event.origin));
    if (typeof body !== "object" || body === null || (body.type !== undefined && body.type !== event.type)) {
      throw new SealError("the sealed body is of another type");
    }
    if (event.requestId !== undefined && body.requestId !== event.requestId) throw new SealError("the clear requestId disagrees");
    // Left as the backend wrote it: the stream normalises events of types this client does not know.
    return { ...body, ...header } as SessionEvent;
  }
}
