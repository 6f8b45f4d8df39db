import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DeviceCredentials } from "../src/transport/device-credentials.ts";
import { deviceName, parseAddress } from "../src/transport/location.ts";
import { pairFromAddress } from "../src/transport/pairing.ts";
import { RelayApi } from "../src/transport/relay-api.ts";

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const noTokens = { token: null, save() {} };

/** A relay that answers redeem with the given status and body, and records the requests. */
function relay(status: number, body: object) {
  const requests: { url: string; init: RequestInit }[] = [];
  const api = new RelayApi(
    noTokens,
    async (url, init) => {
      requests.push({ url, init });
      return new Response(JSON.stringify(body), { status });
    },
  );
  return { api, requests };
}

/** A relay that gives each request the next of `answers` (status, body), for the page's own credentials. */
function answering(tokens: DeviceCredentials, ...answers: [number, object][]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const api = new RelayApi(tokens, async (url, init) => {
    requests.push({ url, init });
    const [status, body] = answers[requests.length - 1] ?? [500, {}];
    return new Response(JSON.stringify(body), { status });
  });
  return { api, requests };
}

const registration = { deviceId: "dev_1", deviceToken: "btd_x", expiresAt: "2026-12-24T08:00:00Z" };

describe("pairing from the page address", () => {
  test("reads the session from /s/{id} and the code from #pair=", () => {
    assert.deepEqual(parseAddress("/s/abc-123", "#pair=btp_Q"), { sessionId: "abc-123", pairingCode: "btp_Q", keys: [] });
    assert.deepEqual(parseAddress("/", ""), { sessionId: null, pairingCode: null, keys: [] });
    assert.deepEqual(parseAddress("/s/x/", "#other=1"), { sessionId: "x", pairingCode: null, keys: [] });
  });

  test("reads every content key the fragment carries after the code", () => {
    assert.deepEqual(parseAddress("/", "#pair=btp_Q&key=AAA_-b&key=CCC"), { sessionId: null, pairingCode: "btp_Q", keys: ["AAA_-b", "CCC"] });
    assert.deepEqual(parseAddress("/", "#pair=btp_Q&key="), { sessionId: null, pairingCode: "btp_Q", keys: [] });
  });

  test("a good code is redeemed under this device's name, kept, and dropped from the address", async () => {
    const { api, requests } = relay(200, registration);
    const credentials = new DeviceCredentials(new MemoryStorage());
    let dropped = false;
    const outcome = await pairFromAddress("btp_Q", api, credentials, "Chrome on Android", () => (dropped = true));
    assert.deepEqual(outcome, { kind: "paired" });
    assert.equal(credentials.token, "btd_x");
    assert.equal(dropped, true);
    assert.equal(requests[0]?.url, "/v1/pairings/redeem");
    assert.deepEqual(JSON.parse(String(requests[0]?.init.body)), {
      pairingCode: "btp_Q",
      deviceName: "Chrome on Android",
      refreshCookie: true,
    });
    assert.equal((requests[0]?.init.headers as Record<string, string>).Authorization, undefined);
  });

  test("a code whose link was made for a session names that session, so the shorter QR link still opens it", async () => {
    const { api } = relay(200, { ...registration, sessionId: "s-7" });
    const outcome = await pairFromAddress("btp_Q", api, new DeviceCredentials(new MemoryStorage()), "d", () => {});
    assert.deepEqual(outcome, { kind: "paired", sessionId: "s-7" });
  });

  test("a used or expired code says what the relay said, and the code still leaves the address bar", async () => {
    const { api } = relay(400, { error: { code: "pairing_code_invalid", message: "this pairing code expired; ask for a new one" } });
    let dropped = false;
    const outcome = await pairFromAddress("btp_old", api, new DeviceCredentials(new MemoryStorage()), "d", () => (dropped = true));
    assert.deepEqual(outcome, { kind: "codeRejected", message: "this pairing code expired; ask for a new one" });
    assert.equal(dropped, true);
  });

  test("a device paired already shows its token, so the relay pairs it again as itself instead of listing it twice", async () => {
    const credentials = new DeviceCredentials(new MemoryStorage());
    credentials.save(registration);
    const { api, requests } = answering(credentials, [200, { ...registration, deviceToken: "btd_y" }]);
    assert.deepEqual(await pairFromAddress("btp_Q", api, credentials, "d", () => {}), { kind: "paired" });
    assert.equal(requests.length, 1);
    assert.equal((requests[0]?.init.headers as Record<string, string>).Authorization, "Bearer btd_x");
    assert.equal(credentials.token, "btd_y");
  });

  test("a device token the relay no longer honours (revoked, renewal refused) pairs as a new device with the same code", async () => {
    const credentials = new DeviceCredentials(new MemoryStorage());
    credentials.save(registration);
    const { api, requests } = answering(
      credentials,
      [401, { error: { code: "unauthorized", message: "this device was revoked" } }],
      [200, { ...registration, deviceId: "dev_2", deviceToken: "btd_new" }],
    );
    assert.deepEqual(await pairFromAddress("btp_Q", api, credentials, "d", () => {}), { kind: "paired" });
    assert.equal(requests.length, 2);
    assert.equal((requests[1]?.init.headers as Record<string, string>).Authorization, undefined);
    assert.equal(JSON.parse(String(requests[1]?.init.body)).pairingCode, "btp_Q");
    assert.equal(credentials.current?.deviceId, "dev_2");
  });

  test("a device that is already paired carries on when it opens a spent link again", async () => {
    const { api } = relay(400, { error: { code: "pairing_code_invalid", message: "used" } });
    const credentials = new DeviceCredentials(new MemoryStorage());
    credentials.save(registration);
    assert.deepEqual(await pairFromAddress("btp_old", api, credentials, "d", () => {}), { kind: "paired" });
  });

  test("an unreachable relay keeps the code so a reload can still pair", async () => {
    const api = new RelayApi(noTokens, async () => {
      throw new TypeError("Failed to fetch");
    });
    let dropped = false;
    const outcome = await pairFromAddress("btp_Q", api, new DeviceCredentials(new MemoryStorage()), "d", () => (dropped = true));
    assert.equal(outcome.kind, "unreachable");
    assert.equal(dropped, false);
  });

  test("without a code the stored token decides", async () => {
    const { api } = relay(200, {});
    const credentials = new DeviceCredentials(new MemoryStorage());
    assert.deepEqual(await pairFromAddress(null, api, credentials, "d", () => {}), { kind: "unpaired" });
    credentials.save(registration);
    assert.deepEqual(await pairFromAddress(null, api, credentials, "d", () => {}), { kind: "paired" });
  });

  test("garbage in storage reads as not paired", () => {
    const storage = new MemoryStorage();
    storage.setItem("baton.device", "{not json");
    assert.equal(new DeviceCredentials(storage).token, null);
  });

  test("device names come from the user agent", () => {
    assert.equal(deviceName("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"), "Chrome on Android");
    assert.equal(deviceName("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1"), "Safari on iPhone");
    assert.equal(deviceName("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"), "Firefox on Linux");
  });
});

describe("RelayApi", () => {
  test("sends the device token and turns error bodies into ApiErrors with the stable code", async () => {
    const seen: RequestInit[] = [];
    const api = new RelayApi({ token: "btd_tok", save() {} }, async (_url, init) => {
      seen.push(init);
      return new Response(JSON.stringify({ error: { code: "unauthorized", message: "this device was revoked" } }), { status: 401 });
    });
    await assert.rejects(api.sessions(), (error: { status: number; code: string; unauthorized: boolean; message: string }) => {
      assert.equal(error.code, "unauthorized");
      assert.equal(error.unauthorized, true);
      assert.equal(error.message, "this device was revoked");
      return true;
    });
    assert.equal((seen[0]?.headers as Record<string, string>).Authorization, "Bearer btd_tok");
  });

  test("a device without a token is refused before anything is sent", async () => {
    let called = false;
    const api = new RelayApi(noTokens, async () => ((called = true), new Response("{}")));
    await assert.rejects(api.devices(), { code: "unauthorized" });
    assert.equal(called, false);
  });

  test("an expired device token is renewed once with the refresh cookie and the call made again", async () => {
    const credentials = new DeviceCredentials(new MemoryStorage());
    credentials.save({ ...registration, deviceToken: "btd_old" });
    const calls: { url: string; auth?: string; body?: string }[] = [];
    const api = new RelayApi(credentials, async (url, init) => {
      const auth = (init.headers as Record<string, string>).Authorization;
      calls.push({ url, auth, body: init.body as string | undefined });
      if (url === "/v1/devices/refresh") {
        await Promise.resolve();
        return new Response(JSON.stringify({ ...registration, deviceToken: "btd_new" }), { status: 200 });
      }
      if (auth === "Bearer btd_old") {
        return new Response(JSON.stringify({ error: { code: "token_expired", message: "expired" } }), { status: 401 });
      }
      return new Response(JSON.stringify({ sessions: [], devices: [] }), { status: 200 });
    }, undefined);

    // Two calls that both meet the expired token share one renewal: a second would spend the
    // refresh credential twice, and the relay would revoke the device.
    await Promise.all([api.sessions(), api.devices()]);
    assert.equal(calls.filter((call) => call.url === "/v1/devices/refresh").length, 1);
    assert.equal(calls.find((call) => call.url === "/v1/devices/refresh")?.auth, undefined);
    assert.equal(calls.find((call) => call.url === "/v1/devices/refresh")?.body, "{}");
    assert.equal(credentials.token, "btd_new");
    assert.deepEqual(
      calls.filter((call) => call.url !== "/v1/devices/refresh").map((call) => call.auth),
      ["Bearer btd_old", "Bearer btd_old", "Bearer btd_new", "Bearer btd_new"],
    );
  });

  test("a tab that waited for another tab's renewal uses its token instead of renewing again", async () => {
    const credentials = new DeviceCredentials(new MemoryStorage());
    credentials.save({ ...registration, deviceToken: "btd_old" });
    let refreshes = 0;
    const otherTab = {
      request: async (_name: string, callback: () => Promise<void>) => {
        credentials.save({ ...registration, deviceToken: "btd_from_other_tab" });
        await callback();
      },
    };
    const api = new RelayApi(credentials, async (url, init) => {
      if (url === "/v1/devices/refresh") refreshes++;
      const auth = (init.headers as Record<string, string>).Authorization;
      return auth === "Bearer btd_old"
        ? new Response(JSON.stringify({ error: { code: "token_expired", message: "expired" } }), { status: 401 })
        : new Response(JSON.stringify({ sessions: [] }), { status: 200 });
    }, otherTab);
    assert.deepEqual(await api.sessions(), []);
    assert.equal(refreshes, 0);
    assert.equal(credentials.token, "btd_from_other_tab");
  });

  test("a refused renewal is the relay's refusal: the device must pair again", async () => {
    const api = new RelayApi({ token: "btd_old", save() {} }, async (url) =>
      url === "/v1/devices/refresh"
        ? new Response(JSON.stringify({ error: { code: "refresh_reused", message: "revoked" } }), { status: 401 })
        : new Response(JSON.stringify({ error: { code: "token_expired", message: "expired" } }), { status: 401 }),
    undefined);
    await assert.rejects(api.sessions(), (error: { code: string; unauthorized: boolean }) => {
      assert.equal(error.code, "refresh_reused");
      assert.equal(error.unauthorized, true);
      return true;
    });
  });

  test("the refresh credential is never written to storage", () => {
    const storage = new MemoryStorage();
    new DeviceCredentials(storage).save({ ...registration, refreshToken: "btr_secret" });
    assert.doesNotMatch(storage.getItem("baton.device") ?? "", /btr_secret/);
  });
});
