import type { AgreementKeyStore, StoredAgreementKey } from "../crypto/agreement-key-store.ts";
import type { AgreementKey, DeliveredContentKey } from "../core/protocol.ts";
import { newAgreementKey, openDelivery, registration } from "../crypto/content-key-delivery.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { toBase64Url } from "../crypto/seal.ts";
import type { Clock } from "../core/clock.ts";

/** What the page says, once, when a delivered key failed a check; the key is not used. */
export const REJECTED_KEY_MESSAGE = "A key from the relay failed verification and was not used.";

/** The relay's side: where this device registers its agreement key and fetches the keys delivered to it. */
export interface ContentKeyRelay {
  registerAgreementKey(registration: AgreementKey): Promise<void>;
  contentKeys(): Promise<DeliveredContentKey[]>;
}

/** How long a kid that no delivery brought is left alone before the relay is asked again. */
export const ASK_AGAIN_MS = 30_000;

/**
 * Keeps this device able to follow a backend's content key when it rotates (a device was revoked): it
 * registers an agreement key with the relay under each content key it holds, and when it meets a kid
 * it does not hold, it fetches what was delivered to it, checks each delivery against the previous key it
 * holds, keeps the new key and registers under it too. Nothing here is ever logged.
 */
export class ContentKeys {
  private fetching: Promise<void> | null = null;
  /** Registrations run one after another, so one made at load cannot overwrite what a delivery just stored. */
  private registering: Promise<void> = Promise.resolve();
  private readonly asked = new Map<string, number>();
  private reported = false;

  constructor(
    private readonly relay: ContentKeyRelay,
    private readonly keyring: Keyring,
    private readonly store: AgreementKeyStore,
    private readonly deviceId: () => string | null,
    private readonly clock: Clock,
    private readonly report: (message: string) => void,
  ) {}

  /**
   * Registers the agreement key (made on first use) under every content key this device holds that the
   * relay does not hold it under yet: a browser paired with two machines holds both their keys, and each
   * machine delivers its next key to the registration under its own. `newest` names one just learned (from
   * a pairing link, or a delivery); it goes last, so the relay lists it first and it is the last to go
   * when the relay drops the oldest beyond its bound. A relay that cannot be reached or refuses is asked again on the next load.
   */
  register(newest?: string): Promise<void> {
    this.registering = this.registering.then(() => this.registerNow(newest)).catch(() => undefined);
    return this.registering;
  }

  private async registerNow(newest?: string): Promise<void> {
    const deviceId = this.deviceId();
    if (!deviceId) return;
    let stored = await this.stored(deviceId);
    if (newest) stored = { ...stored, kid: newest };
    const kids = await this.keyring.kids();
    const kid = stored.kid && kids.includes(stored.kid) ? stored.kid : (kids[0] ?? null);
    if (kid !== stored.kid) stored = { ...stored, kid };
    await this.store.save(stored);
    const order = kid ? [...kids.filter((k) => k !== kid), kid] : kids;
    for (const each of order.filter((k) => !stored.registeredKids.includes(k))) {
      const raw = await this.keyring.raw(each);
      if (!raw) continue;
      try {
        await this.relay.registerAgreementKey(await registration(raw, each, deviceId, stored.publicKey));
      } catch {
        return;
      }
      stored = { ...stored, registeredKids: [...stored.registeredKids, each] };
      await this.store.save(stored);
    }
  }

  /** The newest content key this device learned (from its pairing link or a delivery), or null. */
  async newest(): Promise<string | null> {
    const stored = await this.store.load();
    return stored && stored.deviceId === this.deviceId() ? stored.kid : null;
  }

  /** The keyring met `kid` and does not hold it: looks for it among the deliveries, at most every ASK_AGAIN_MS. */
  async learn(kid: string): Promise<void> {
    const now = this.clock.now();
    const last = this.asked.get(kid);
    if (last !== undefined && now - last < ASK_AGAIN_MS) return;
    this.asked.set(kid, now);
    this.fetching ??= this.fetchDeliveries().finally(() => {
      this.fetching = null;
    });
    await this.fetching;
  }

  private async fetchDeliveries(): Promise<void> {
    const deviceId = this.deviceId();
    const stored = deviceId ? await this.store.load() : null;
    if (!deviceId || !stored || stored.deviceId !== deviceId) return;
    let deliveries: DeliveredContentKey[];
    try {
      deliveries = await this.relay.contentKeys();
    } catch {
      return; // offline, or revoked: the page finds out from its other calls
    }
    const held = new Set(await this.keyring.kids());
    let pending = deliveries.filter((delivery) => !held.has(delivery.kid));
    let newest: string | null = null;
    let failed = false;
    // Several rotations while this device was away chain: each delivery opens with the key the previous gave.
    for (let progress = true; progress; ) {
      progress = false;
      const waiting: DeliveredContentKey[] = [];
      for (const delivery of pending) {
        if (held.has(delivery.kid)) continue;
        const previous = held.has(delivery.previousKid) ? await this.keyring.raw(delivery.previousKid) : null;
        if (!previous) {
          waiting.push(delivery);
          continue;
        }
        try {
          const kid = await this.keyring.add(toBase64Url(await openDelivery(delivery, deviceId, stored.privateKey, previous)));
          held.add(kid);
          newest = kid;
          progress = true;
        } catch {
          failed = true;
        }
      }
      pending = waiting;
    }
    if (failed && !this.reported) {
      this.reported = true;
      this.report(REJECTED_KEY_MESSAGE);
    }
    if (newest) await this.register(newest);
  }

  /** The stored pair if it was made for this device, else a fresh one. */
  private async stored(deviceId: string): Promise<StoredAgreementKey> {
    const stored = await this.store.load();
    if (stored && stored.deviceId === deviceId) return stored;
    return { ...(await newAgreementKey()), deviceId, kid: null, registeredKids: [] };
  }
}
