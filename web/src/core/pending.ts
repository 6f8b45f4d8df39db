import type { Input, SessionEvent } from "./protocol.ts";

export type PendingStatus = "sending" | "queued" | "failed";

export interface PendingInput {
  inputId: string;
  input: Input;
  status: PendingStatus;
  /** Why it failed, for people. */
  error?: string;
}

/**
 * Inputs this surface sent whose `inputId` has not yet come back in a committed event: the
 * end-to-end acknowledgement. Until then they are shown, and resent with the same id.
 */
export class PendingInputs {
  private inputs = new Map<string, PendingInput>();

  get all(): PendingInput[] {
    return [...this.inputs.values()];
  }

  /** What to send again after a (re)subscribe: everything not known to have failed. */
  get toResend(): PendingInput[] {
    return this.all.filter((pending) => pending.status !== "failed");
  }

  add(inputId: string, input: Input): void {
    this.inputs.set(inputId, { inputId, input, status: "sending" });
  }

  /** A resend after reconnecting is "sending" again until the relay says otherwise. */
  resent(inputId: string): void {
    this.update(inputId, { status: "sending" });
  }

  queued(inputId: string): void {
    this.update(inputId, { status: "queued" });
  }

  failed(inputId: string, error: string): void {
    this.update(inputId, { status: "failed", error });
  }

  discard(inputId: string): void {
    this.inputs.delete(inputId);
  }

  /**
   * Committed events carrying an inputId settle that input, whatever they say; all but `status`, which
   * seals nothing, so the relay could have stamped any id on it. Every applied input also yields a sealed
   * event with its id (its user_message, notice, decision or error), whose inputId the seal vouches for.
   */
  settle(events: readonly SessionEvent[]): void {
    for (const event of events) {
      if (event.inputId && event.type !== "status") {
        this.inputs.delete(event.inputId);
      }
    }
  }

  private update(inputId: string, change: Partial<PendingInput>): void {
    const pending = this.inputs.get(inputId);
    if (pending) {
      this.inputs.set(inputId, { ...pending, ...change });
    }
  }
}
