import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MemoryAgreementKeyStore } from "../src/crypto/agreement-key-store.ts";
import type { AgreementKey, DeliveredContentKey } from "../src/core/protocol.ts";
import { DeliveryError, newAgreementKey, openDelivery, registration } from "../src/crypto/content-key-delivery.ts";
import { aad } from "../src/crypto/aad.ts";
import { Keyring, MemoryKeyStore } from "../src/crypto/keyring.ts";
import { fromBase64Url, importKey, keyId, seal, toBase64Url } from "../src/crypto/seal.ts";
import { ASK_AGAIN_MS, ContentKeys, REJECTED_KEY_MESSAGE } from "../src/transport/content-keys.ts";
import { DeviceCredentials } from "../src/transport/device-credentials.ts";
import { RelayApi } from "../src/transport/relay-api.ts";
import { RelayTransport } from "../src/transport/relay-transport.ts";
import { FakeClock } from "./fake-clock.ts";
import { deliver, newContentKey, proofHolds } from "./rotating-backend.ts";

/** Flips one character of a base64url text in its middle, so it still decodes. */
function altered(text: string): string {
  const i = Math.floor(text.length / 2);
  return text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
}

describe("a delivered content key", () => {
  test("an agreement key is a P-256 point whose private half cannot be read out, registered with a proof under the content key", async () => {
    const pair = await newAgreementKey();
    const point = fromBase64Url(pair.publicKey);
    assert.equal(point.length, 65);
    assert.equal(point[0], 4);
    assert.equal(pair.privateKey.extractable, false);
    const ck = newContentKey();
    const kid = await keyId(ck);
    const body = await registration(ck, kid, "dev_1", pair.publicKey);
    assert.deepEqual(Object.keys(body).sort(), ["kid", "proof", "publicKey"]);
    assert.equal(body.kid, kid);
    assert.equal(body.proof.length, 43);
    assert.equal(await proofHolds(ck, "dev_1", pair.publicKey, body.proof), true);
    assert.equal(await proofHolds(ck, "dev_2", pair.publicKey, body.proof), false);
    assert.equal(await proofHolds(newContentKey(), "dev_1", pair.publicKey, body.proof), false);
  });

  test("opens to the new key with the device's private key, authenticated by the previous key", async () => {
    const pair = await newAgreementKey();
    const [oldKey, newKey] = [newContentKey(), newContentKey()];
    const delivery = await deliver("dev_1", pair.publicKey, oldKey, newKey);
    assert.deepEqual(await openDelivery(delivery, "dev_1", pair.privateKey, oldKey), newKey);
  });

  test("is refused when anything in it was altered, it was meant for another device or key, or its kid is not its key's", async () => {
    const pair = await newAgreementKey();
    const other = await newAgreementKey();
    const [oldKey, newKey] = [newContentKey(), newContentKey()];
    const delivery = await deliver("dev_1", pair.publicKey, oldKey, newKey);
    const refused = async (entry: DeliveredContentKey, deviceId = "dev_1", privateKey = pair.privateKey, previous = oldKey) =>
      assert.rejects(openDelivery(entry, deviceId, privateKey, previous), DeliveryError);
    await refused({ ...delivery, auth: altered(delivery.auth) });
    await refused({ ...delivery, auth: "not base64url!" });
    await refused({ ...delivery, wrapped: altered(delivery.wrapped) });
    await refused({ ...delivery, ephemeralPublicKey: other.publicKey });
    await refused({ ...delivery, kid: await keyId(newContentKey()) });
    await refused(delivery, "dev_2");
    await refused(delivery, "dev_1", pair.privateKey, newContentKey());
    // Authentic, but for another device's key pair: the wrapped key does not open.
    await refused(delivery, "dev_1", other.privateKey);
    // A backend that names the wrong kid for the key it wraps (authentic and opening, so only the kid check stops it).
    await refused(await deliver("dev_1", pair.publicKey, oldKey, newKey, await keyId(newContentKey())));
  });
});

/** A relay that records the registrations and holds the deliveries for one device, and counts the fetches. */
class FakeRelay {
  registrations: AgreementKey[] = [];
  deliveries: DeliveredContentKey[] = [];
  fetches = 0;
  failing = false;
  async registerAgreementKey(body: AgreementKey) {
    if (this.failing) throw new Error("unreachable");
    this.registrations.push(body);
  }
  async contentKeys() {
    this.fetches++;
    if (this.failing) throw new Error("unreachable");
    return this.deliveries;
  }
}

async function pairedDevice() {
  const relay = new FakeRelay();
  const keyring = new Keyring(new MemoryKeyStore());
  const store = new MemoryAgreementKeyStore();
  const clock = new FakeClock();
  const reports: string[] = [];
  const keys = new ContentKeys(relay, keyring, store, () => "dev_1", clock, (message) => reports.push(message));
  keyring.learnWith((kid) => keys.learn(kid));
  const oldKey = newContentKey();
  const oldKid = await keyring.add(toBase64Url(oldKey));
  await keys.register(oldKid);
  return { relay, keyring, store, clock, reports, keys, oldKey, oldKid };
}

/** A session whose data key a backend wrapped under `contentKey`. */
async function sessionUnder(contentKey: Uint8Array, sessionId = "s-new") {
  const kid = await keyId(contentKey);
  const dataKey = newContentKey();
  return { sessionId, kid, dataKey, wrapped: { kid, wrapped: await seal(await importKey(contentKey), dataKey, aad.sessionKey(sessionId, kid)) } };
}

describe("ContentKeys", () => {
  test("registers after pairing under the key the link carried, and not again while that is still the newest", async () => {
    const device = await pairedDevice();
    assert.equal(device.relay.registrations.length, 1);
    const [body] = device.relay.registrations;
    const stored = await device.store.load();
    assert.equal(body!.kid, device.oldKid);
    assert.equal(body!.publicKey, stored!.publicKey);
    assert.equal(await proofHolds(device.oldKey, "dev_1", body!.publicKey, body!.proof), true);
    assert.deepEqual(stored!.registeredKids, [device.oldKid]);
    await device.keys.register();
    assert.equal(device.relay.registrations.length, 1);
  });

  test("a registration the relay did not take is made again on the next load, with the same key pair", async () => {
    const device = await pairedDevice();
    await device.store.save({ ...(await device.store.load())!, registeredKids: [] });
    device.relay.failing = true;
    await device.keys.register();
    assert.deepEqual((await device.store.load())!.registeredKids, []);
    device.relay.failing = false;
    await device.keys.register();
    assert.equal(device.relay.registrations.length, 2);
    assert.equal(device.relay.registrations[1]!.publicKey, device.relay.registrations[0]!.publicKey);
  });

  test("a device holding two machines' keys registers under both, the one its link carried last", async () => {
    const device = await pairedDevice();
    const desktopKey = newContentKey();
    const desktopKid = await device.keyring.add(toBase64Url(desktopKey));
    // The browser opened the desktop's link: the relay made it a new device, which registers afresh.
    const keys = new ContentKeys(device.relay, device.keyring, device.store, () => "dev_2", device.clock, () => {});
    await keys.register(desktopKid);
    const made = device.relay.registrations.slice(1);
    assert.deepEqual(made.map((r) => r.kid), [device.oldKid, desktopKid]);
    assert.equal(await proofHolds(device.oldKey, "dev_2", made[0]!.publicKey, made[0]!.proof), true);
    assert.equal(await proofHolds(desktopKey, "dev_2", made[1]!.publicKey, made[1]!.proof), true);
    assert.deepEqual((await device.store.load())!.registeredKids, [device.oldKid, desktopKid]);
    await keys.register();
    assert.equal(device.relay.registrations.length, 3, "nothing again while the relay holds both");
  });

  test("a key learned later from another machine's link is registered beside the ones the relay holds", async () => {
    const device = await pairedDevice();
    const laterKid = await device.keyring.add(toBase64Url(newContentKey()));
    await device.keys.register();
    assert.deepEqual(device.relay.registrations.map((r) => r.kid), [device.oldKid, laterKid]);
    assert.equal(await device.keys.newest(), device.oldKid, "the newest learned is still the link's");
  });

  test("a device paired again under another id makes a fresh key pair", async () => {
    const device = await pairedDevice();
    const keys = new ContentKeys(device.relay, device.keyring, device.store, () => "dev_2", device.clock, () => {});
    await keys.register();
    const [first, second] = device.relay.registrations;
    assert.notEqual(second!.publicKey, first!.publicKey);
    assert.equal(await proofHolds(device.oldKey, "dev_2", second!.publicKey, second!.proof), true);
  });

  test("a session wrapped under a key it does not hold opens once the delivery is fetched, and the device registers under the new key", async () => {
    const device = await pairedDevice();
    const newKey = newContentKey();
    const session = await sessionUnder(newKey);
    device.relay.deliveries = [await deliver("dev_1", device.relay.registrations[0]!.publicKey, device.oldKey, newKey)];
    const opened = await device.keyring.sessionKey(session.sessionId, session.wrapped);
    assert.equal(opened.kind, "open");
    assert.deepEqual(await device.keyring.raw(session.kid), newKey);
    assert.deepEqual(device.relay.registrations.map((r) => r.kid), [device.oldKid, session.kid]);
    assert.equal(await proofHolds(newKey, "dev_1", device.relay.registrations[1]!.publicKey, device.relay.registrations[1]!.proof), true);
    assert.deepEqual(device.reports, []);
  });

  test("the newest key it learned leads the pairing links it makes, since the device that takes one registers under its first key", async () => {
    const device = await pairedDevice();
    const newKey = newContentKey();
    device.relay.deliveries = [await deliver("dev_1", device.relay.registrations[0]!.publicKey, device.oldKey, newKey)];
    assert.equal(await device.keys.newest(), device.oldKid);
    const session = await sessionUnder(newKey);
    await device.keyring.sessionKey(session.sessionId, session.wrapped);
    assert.equal(await device.keys.newest(), session.kid);
    const link = await device.keyring.exportAll(await device.keys.newest());
    assert.deepEqual(link, [toBase64Url(newKey), toBase64Url(device.oldKey)]);
    assert.deepEqual((await device.keyring.exportAll(device.oldKid))[0], toBase64Url(device.oldKey));
  });

  test("follows several rotations that happened while it was away", async () => {
    const device = await pairedDevice();
    const publicKey = device.relay.registrations[0]!.publicKey;
    const [second, third] = [newContentKey(), newContentKey()];
    // Newest first, as a relay may list them: the chain is followed whatever the order.
    device.relay.deliveries = [await deliver("dev_1", publicKey, second, third), await deliver("dev_1", publicKey, device.oldKey, second)];
    const session = await sessionUnder(third);
    assert.equal((await device.keyring.sessionKey(session.sessionId, session.wrapped)).kind, "open");
    assert.equal(device.relay.registrations.at(-1)!.kid, session.kid);
  });

  test("a delivery that fails verification is not kept, and says so once", async () => {
    const device = await pairedDevice();
    const newKey = newContentKey();
    const good = await deliver("dev_1", device.relay.registrations[0]!.publicKey, device.oldKey, newKey);
    device.relay.deliveries = [{ ...good, auth: altered(good.auth) }];
    const session = await sessionUnder(newKey);
    assert.deepEqual(await device.keyring.sessionKey(session.sessionId, session.wrapped), { kind: "locked", kid: session.kid });
    assert.equal(await device.keyring.raw(session.kid), null);
    device.clock.advance(ASK_AGAIN_MS);
    assert.equal((await device.keyring.sessionKey(session.sessionId, session.wrapped)).kind, "locked");
    assert.equal(device.relay.fetches, 2);
    assert.deepEqual(device.reports, [REJECTED_KEY_MESSAGE]);
    assert.equal(device.relay.registrations.length, 1);
  });

  test("asks the relay about an unknown kid at most once a while, and finds a key delivered meanwhile", async () => {
    const device = await pairedDevice();
    const newKey = newContentKey();
    const session = await sessionUnder(newKey);
    assert.equal((await device.keyring.sessionKey(session.sessionId, session.wrapped)).kind, "locked");
    assert.equal((await device.keyring.sessionKey(session.sessionId, session.wrapped)).kind, "locked");
    assert.equal(device.relay.fetches, 1);
    device.relay.deliveries = [await deliver("dev_1", device.relay.registrations[0]!.publicKey, device.oldKey, newKey)];
    device.clock.advance(ASK_AGAIN_MS);
    assert.equal((await device.keyring.sessionKey(session.sessionId, session.wrapped)).kind, "open");
    assert.equal(device.relay.fetches, 2);
  });

  test("a delivery from a key it never held is left alone (that machine's devices pair again)", async () => {
    const device = await pairedDevice();
    const newKey = newContentKey();
    device.relay.deliveries = [await deliver("dev_1", device.relay.registrations[0]!.publicKey, newContentKey(), newKey)];
    const session = await sessionUnder(newKey);
    assert.equal((await device.keyring.sessionKey(session.sessionId, session.wrapped)).kind, "locked");
    assert.deepEqual(device.reports, []);
  });
});

describe("the relay transport's notices", () => {
  test("a refusal said before the list listens is still heard, once per listener, and not after it stops listening", () => {
    const credentials = new DeviceCredentials({ getItem: () => null, setItem: () => {}, removeItem: () => {} });
    const transport = new RelayTransport(new RelayApi(credentials), credentials, new FakeClock(), () => {}, (path) => path, new Keyring(new MemoryKeyStore()));
    transport.say(REJECTED_KEY_MESSAGE);
    const heard: string[] = [];
    const stop = transport.notices((message) => heard.push(message));
    assert.deepEqual(heard, [REJECTED_KEY_MESSAGE]);
    stop();
    transport.say("later");
    assert.deepEqual(heard, [REJECTED_KEY_MESSAGE]);
  });
});
