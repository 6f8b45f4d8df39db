import type { DeviceRegistration } from "../core/protocol.ts";
import type { Clock } from "../core/clock.ts";
import type { AgreementKeyStore } from "../crypto/agreement-key-store.ts";
import { type ContentKeyStore, Keyring } from "../crypto/keyring.ts";
import { ContentKeys, type ContentKeyRelay } from "./content-keys.ts";
import { type DeviceTokens, type Fetch, type Locks, RelayApi } from "./relay-api.ts";

/** A device token held only as long as the worker runs: the page's copy is in localStorage, out of a worker's reach. */
class WorkerTokens implements DeviceTokens {
  token: string | null = null;
  save(registration: DeviceRegistration): void {
    this.token = registration.deviceToken;
  }
}

/**
 * The relay as the service worker reaches it. It buys its own device token with the refresh cookie the
 * browser sends to the refresh endpoint, under the same lock as the page's renewals, so the two never spend
 * one refresh credential twice (which the relay takes for a stolen credential).
 */
export function workerRelay(fetcher?: Fetch, locks: Locks | null = globalThis.navigator?.locks ?? null): ContentKeyRelay {
  const tokens = new WorkerTokens();
  const api = new RelayApi(tokens, fetcher, locks ?? undefined);
  const authenticated = async () => {
    // Without the lock a renewal could race the page's and spend the credential twice: ask nothing.
    if (!locks) throw new Error("no Web Locks in this worker");
    if (!tokens.token) await api.renew();
    return api;
  };
  return {
    registerAgreementKey: async (registration) => (await authenticated()).registerAgreementKey(registration),
    contentKeys: async () => (await authenticated()).contentKeys(),
  };
}

/**
 * The keyring a push is read with. A pocketed phone meets a rotated content key (a device was revoked since
 * it last opened the page) first in a push: the worker fetches what the backend delivered to this device,
 * as the page would, so the notification still names its session. A browser never paired has no agreement
 * key and asks nothing. A delivery that fails its checks is dropped here without a word; the page says so
 * when it meets one.
 */
export async function workerKeyring(
  keys: ContentKeyStore,
  agreementKeys: AgreementKeyStore,
  relay: ContentKeyRelay,
  clock: Clock,
): Promise<Keyring> {
  const keyring = new Keyring(keys);
  const deviceId = (await agreementKeys.load())?.deviceId ?? null;
  if (deviceId) {
    const contentKeys = new ContentKeys(relay, keyring, agreementKeys, () => deviceId, clock, () => undefined);
    keyring.learnWith((kid) => contentKeys.learn(kid));
  }
  return keyring;
}
