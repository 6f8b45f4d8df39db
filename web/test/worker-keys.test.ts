import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { noticeFor, type PushWarning } from "../src/core/push-message.ts";
import { aad } from "../src/crypto/aad.ts";
import { MemoryAgreementKeyStore } from "../src/crypto/agreement-key-store.ts";
import { newAgreementKey } from "../src/crypto/content-key-delivery.ts";
import { MemoryKeyStore } from "../src/crypto/keyring.ts";
import { importKey, keyId, seal } from "../src/crypto/seal.ts";
import type { Fetch, Locks } from "../src/transport/relay-api.ts";
import { workerKeyring, workerRelay } from "../src/transport/worker-keys.ts";
import { FakeClock } from "./fake-clock.ts";
import { deliver, newContentKey } from "./rotating-backend.ts";

/** A rotated key, a revoked device or a forged delivery is expected, and nothing for the worker's console. */
const silent: PushWarning = (reason) => assert.fail(`warned: ${reason}`);

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
}

/** The relay's device endpoints as the worker meets them, recording every request and every lock taken. */
function relayServing(routes: Record<string, () => Response>, withLocks = true) {
  const seen: Seen[] = [];
  const locked: string[] = [];
  const fetcher: Fetch = async (url, init) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    seen.push({ method: init.method ?? "GET", path: url, authorization: headers.Authorization ?? null });
    const route = routes[`${init.method} ${url}`];
    return route ? route() : new Response("{}", { status: 404 });
  };
  const locks: Locks = {
    request: async (name, callback) => {
      locked.push(name);
      return callback();
    },
  };
  return { seen, locked, relay: workerRelay(fetcher, withLocks ? locks : null) };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

/**
 * A device paired while the backend's content key was `oldKey`; the backend has since rotated to `newKey`
 * (another device was revoked) and pushes a prompt of a session whose key is wrapped under the new one.
 */
async function rotatedWhileAway() {
  const [oldKey, newKey, sessionRaw] = [newContentKey(), newContentKey(), newContentKey()];
  const [oldKid, newKid] = [await keyId(oldKey), await keyId(newKey)];
  const keys = new MemoryKeyStore();
  await keys.put(oldKid, oldKey);
  const pair = await newAgreementKey();
  const agreementKeys = new MemoryAgreementKeyStore();
  await agreementKeys.save({ ...pair, deviceId: "dev_phone", kid: oldKid, registeredKids: [oldKid] });
  const sessionId = "s-after";
  const wrapped = await seal(await importKey(newKey), sessionRaw, aad.sessionKey(sessionId, newKid));
  const title = await seal(await importKey(sessionRaw), "Fix the build", aad.title(sessionId));
  const push = { kind: "permission", sessionId, requestId: "call_1", title, key: { kid: newKid, wrapped } };
  const delivery = await deliver("dev_phone", pair.publicKey, oldKey, newKey);
  return { keys, agreementKeys, push, delivery, oldKid, newKid };
}

describe("the service worker's keys", () => {
  test("a push under a rotated key names its session: the worker buys a token with the refresh cookie and fetches its delivery", async () => {
    const away = await rotatedWhileAway();
    const { seen, locked, relay } = relayServing({
      "POST /v1/devices/refresh": () => json({ deviceId: "dev_phone", deviceToken: "tok-worker", expiresAt: "2026-12-04T22:00:00Z" }),
      "GET /v1/devices/current/content-keys": () => json({ keys: [away.delivery] }),
      "PUT /v1/devices/current/agreement-key": () => new Response(null, { status: 204 }),
    });
    const keyring = () => workerKeyring(away.keys, away.agreementKeys, relay, new FakeClock());

    const notice = await noticeFor(away.push, keyring, silent);

    assert.equal(notice.heading, "Permission needed — Fix the build");
    assert.deepEqual(
      seen.map(({ method, path, authorization }) => `${method} ${path} ${authorization}`),
      [
        "POST /v1/devices/refresh null",
        "GET /v1/devices/current/content-keys Bearer tok-worker",
        "PUT /v1/devices/current/agreement-key Bearer tok-worker",
      ],
    );
    assert.deepEqual(locked, ["baton.device.refresh"], "the page's renewals and the worker's never spend one credential twice");
    assert.ok((await away.keys.kids()).includes(away.newKid), "the page finds the new key already held");
    assert.deepEqual((await away.agreementKeys.load())?.registeredKids, [away.oldKid, away.newKid]);
  });

  test("a device the relay no longer renews (revoked) gets a notice that names no session, and nothing else is asked", async () => {
    const away = await rotatedWhileAway();
    const { seen, relay } = relayServing({
      "POST /v1/devices/refresh": () => json({ error: { code: "unauthorized", message: "unknown or revoked refresh credential" } }, 401),
    });
    const keyring = () => workerKeyring(away.keys, away.agreementKeys, relay, new FakeClock());

    assert.equal((await noticeFor(away.push, keyring, silent)).heading, "Permission needed in a session");
    assert.deepEqual(seen.map((s) => s.path), ["/v1/devices/refresh"]);
  });

  test("a worker without Web Locks asks the relay nothing: its renewal could race the page's and spend the credential twice", async () => {
    const away = await rotatedWhileAway();
    const { seen, relay } = relayServing(
      { "POST /v1/devices/refresh": () => json({ deviceId: "dev_phone", deviceToken: "tok-worker", expiresAt: "2026-12-04T22:00:00Z" }) },
      false,
    );
    const keyring = () => workerKeyring(away.keys, away.agreementKeys, relay, new FakeClock());

    assert.equal((await noticeFor(away.push, keyring, silent)).heading, "Permission needed in a session");
    assert.deepEqual(seen, []);
  });

  test("a browser that was never paired has no agreement key and asks the relay nothing", async () => {
    const away = await rotatedWhileAway();
    await away.agreementKeys.clear();
    const { seen, relay } = relayServing({});
    const keyring = () => workerKeyring(away.keys, away.agreementKeys, relay, new FakeClock());

    assert.equal((await noticeFor(away.push, keyring, silent)).heading, "Permission needed in a session");
    assert.deepEqual(seen, []);
  });

  test("a delivery that fails its checks is not used", async () => {
    const away = await rotatedWhileAway();
    const forged = await deliver("dev_phone", (await away.agreementKeys.load())!.publicKey, newContentKey(), newContentKey(), away.newKid);
    const { relay } = relayServing({
      "POST /v1/devices/refresh": () => json({ deviceId: "dev_phone", deviceToken: "tok-worker", expiresAt: "2026-12-04T22:00:00Z" }),
      "GET /v1/devices/current/content-keys": () => json({ keys: [{ ...forged, previousKid: away.delivery.previousKid }] }),
    });
    const keyring = () => workerKeyring(away.keys, away.agreementKeys, relay, new FakeClock());

    assert.equal((await noticeFor(away.push, keyring, silent)).heading, "Permission needed in a session");
    assert.equal((await away.keys.kids()).includes(away.newKid), false);
  });
});
