// Signing in to the relay's page with the operator's OpenID Connect provider, on a phone-sized page:
// the sign-in page offers "Sign in with Example SSO", the provider (already signed in, as one usually
// is) sends the browser back, and the device approval page opens signed in. A person the relay does
// not know comes back to the sign-in page with the reason. The provider here is a small server that
// speaks the real protocol: discovery, PKCE-checked code exchange, an RS256 ID token and its JWKS.
import assert from "node:assert/strict";
import { createHash, createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, shoot, surface } from "./browser.ts";
import { findJava, type Relay, requireJar, startRelay, tempDir } from "./processes.ts";

const CLIENT_ID = "baton-relay";
const CLIENT_SECRET = "relay-client-secret";

let relay: Relay;
let browser: Browser;
let provider: Server;
let issuer: string;
/** Whom the provider says is signed in. */
let person = "e2e";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string; user: string }>();

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function idToken(user: string, nonce: string): string {
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "k1" }));
  const now = Math.floor(Date.now() / 1000);
  const claims = b64url(
    JSON.stringify({ iss: issuer, sub: `sub-${user}`, aud: CLIENT_ID, iat: now, exp: now + 300, nonce, preferred_username: user }),
  );
  const signature = createSign("RSA-SHA256").update(`${header}.${claims}`).sign(privateKey);
  return `${header}.${claims}.${b64url(signature)}`;
}

async function body(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

function startProvider(): Promise<void> {
  provider = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", issuer);
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (url.pathname === "/jwks") {
      return json(200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }] });
    }
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      assert.equal(q.get("client_id"), CLIENT_ID);
      assert.equal(q.get("code_challenge_method"), "S256");
      const code = randomUUID();
      codes.set(code, { challenge: q.get("code_challenge")!, nonce: q.get("nonce")!, redirectUri: q.get("redirect_uri")!, user: person });
      response.writeHead(302, { Location: `${q.get("redirect_uri")}?code=${code}&state=${encodeURIComponent(q.get("state")!)}` });
      return response.end();
    }
    if (url.pathname === "/token" && request.method === "POST") {
      const form = new URLSearchParams(await body(request));
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;
      const grant = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      if (
        request.headers.authorization !== expected ||
        !grant ||
        grant.redirectUri !== form.get("redirect_uri") ||
        grant.challenge !== createHash("sha256").update(verifier).digest("base64url")
      ) {
        return json(400, { error: "invalid_grant" });
      }
      return json(200, { access_token: randomUUID(), token_type: "Bearer", expires_in: 300, id_token: idToken(grant.user, grant.nonce) });
    }
    json(404, { error: "not_found" });
  });
  return new Promise((resolve) =>
    provider.listen(0, "127.0.0.1", () => {
      issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

before(
  async () => {
    requireJar();
    const java = findJava();
    await startProvider();
    const secretFile = join(tempDir("baton-e2e-oidc-"), "client-secret");
    writeFileSync(secretFile, `${CLIENT_SECRET}\n`, { mode: 0o600 });
    browser = await launchChromium();
    relay = await startRelay(java, [
      "--oidc-issuer", issuer,
      "--oidc-client-id", CLIENT_ID,
      "--oidc-client-secret-file", secretFile,
      "--oidc-name", "Example SSO",
    ]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await relay?.process.kill();
  provider?.close();
});

test("a phone signs in with the identity provider and lands on the page it came for", { timeout: 120_000 }, async () => {
  person = "e2e";
  const phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(`${relay.url}/device`);
  const button = byTestId(phone.page, "sign-in-provider");
  await see(phone, button, "the identity provider's button");
  assert.equal((await button.innerText()).trim(), "Sign in with Example SSO");
  await shoot(phone, "oidc-01-sign-in");

  await button.click();
  await see(phone, byTestId(phone.page, "device-enter"), "the approval page, signed in");
  assert.equal(new URL(phone.page.url()).pathname, "/device");
  await shoot(phone, "oidc-02-signed-in");
  const me = await phone.page.evaluate(async () => (await fetch("/v1/web/me")).json());
  assert.equal(me.user, "e2e");
  assert.deepEqual(
    phone.foreignRequests.map((url) => new URL(url).origin + new URL(url).pathname),
    [`${issuer}/authorize`],
    "the browser went to the provider once and nowhere else",
  );
  assert.deepEqual(phone.violations, []);
});

test("a person the relay does not know comes back to the sign-in page with the reason", { timeout: 120_000 }, async () => {
  person = "mallory";
  const phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(`${relay.url}/login`);
  await byTestId(phone.page, "sign-in-provider").click();
  const error = byTestId(phone.page, "sign-in-provider-error");
  await see(phone, error, "the reason");
  assert.match(await error.innerText(), /no user by that name/);
  assert.equal(new URL(phone.page.url()).pathname, "/login");
  await shoot(phone, "oidc-03-unknown-user");
  assert.equal(await phone.page.evaluate(async () => (await fetch("/v1/web/me")).status), 401);
});
