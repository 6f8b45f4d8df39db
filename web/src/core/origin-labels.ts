import type { DeviceName } from "../transport/transport.ts";

/** What the labels need of a transport: whose messages are "ours", and the names of the others. */
export interface OriginSource {
  readonly kind: "relay" | "vscode";
  /** This surface's own origin in events (read on every label: a browser learns it when it pairs). */
  readonly origin: string | null;
  deviceNames(): Promise<DeviceName[]>;
}

/**
 * Says who sent a message, from its event's `origin`: this surface ("this device" in a browser, "VS Code"
 * in the editor's panel), "VS Code", "terminal", or the name a device paired with. A device id not yet
 * known (paired since the names were fetched) fetches them once more; one still unknown after that is
 * "another device". Names are only ever added, so a revoked device's old messages keep its name.
 */
export class OriginLabels {
  private readonly names = new Map<string, string>();
  private readonly asked = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private inFlight: Promise<void> | null = null;

  constructor(private readonly source: OriginSource) {}

  /** Fetches the names (joining a fetch already under way); a failure leaves the ones known. */
  load(): Promise<void> {
    this.inFlight ??= this.source
      .deviceNames()
      .then(
        (devices) => {
          devices.forEach((device) => this.names.set(device.id, device.name));
          this.listeners.forEach((listener) => listener());
        },
        () => {},
      )
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  label(origin: string | undefined): string {
    if (origin && origin === this.source.origin) return this.source.kind === "vscode" ? "VS Code" : "this device";
    if (origin === "editor") return "VS Code";
    if (origin === "terminal") return "terminal";
    const name = origin && this.names.get(origin);
    if (name) return name;
    if (origin && !this.asked.has(origin)) {
      this.asked.add(origin);
      void this.fetchFor(origin);
    }
    return "another device";
  }

  /** Re-renders whoever shows labels once new names arrived. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fetch already under way may bring the name; only when it does not is another one worth it. */
  private async fetchFor(origin: string): Promise<void> {
    if (this.inFlight) await this.inFlight;
    if (!this.names.has(origin)) await this.load();
  }
}
