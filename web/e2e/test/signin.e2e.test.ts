// `baton login` from a phone: the backend prints a code and a link, the person opens the link on a
// phone-sized page, signs in to the relay with their password, sees which computer asks and approves
// it; the backend then holds a token of its own. A wrong password is refused on the page.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, shoot, type Surface, surface } from "./browser.ts";
import { findJava, jar, type Relay, requireJar, restartRelay, startRelay, tempDir } from "./processes.ts";

const PASSWORD = "correct horse battery staple";

let java: string;
let relay: Relay;
let browser: Browser;
const home = tempDir("baton-e2e-signin-");
/** This computer's environment: its own BATON_HOME, and no token but the one it signs in for. */
const env = (() => {
  const { BATON_TOKEN: _ignored, BATON_RELAY_URL: _ignoredToo, ...rest } = process.env;
  return { ...rest, BATON_HOME: home };
})();

before(
  async () => {
    requireJar();
    java = findJava();
    browser = await launchChromium();
    // The password goes into the store while the relay is stopped: its data dir is locked while it runs.
    const first = await startRelay(java);
    await first.process.kill();
    const data = join(first.home, "relay");
    execFileSync(java, ["-jar", jar, "relay", "user", "passwd", "--data-dir", data, "e2e"], { input: `${PASSWORD}\n` });
    // A team whose admin turns Remote Control on from the admin page.
    execFileSync(java, ["-jar", jar, "relay", "org", "add", "--data-dir", data, "acme"]);
    execFileSync(java, ["-jar", jar, "relay", "user", "add", "--data-dir", data, "ann", "--org", "acme", "--role", "admin"]);
    execFileSync(java, ["-jar", jar, "relay", "user", "passwd", "--data-dir", data, "ann"], { input: `${PASSWORD}\n` });
    relay = await restartRelay(java, first);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await relay?.process.kill();
});

test("baton login is approved on a phone after signing in, and the computer can then say who it is", { timeout: 180_000 }, async () => {
  const login = spawn(java, ["-jar", jar, "login", "--relay", relay.url], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  login.stdout.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => login.on("exit", (code) => resolve(code)));
  const code = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no user code printed; got: ${printed}`)), 60_000);
    login.stdout.on("data", () => {
      const found = /enter the code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(printed);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
  });

  const phone: Surface = await surface(browser, "phone", relay.url);
  await phone.page.goto(`${relay.url}/device?user_code=${code}`);
  await see(phone, byTestId(phone.page, "sign-in"), "the sign-in page, since the phone is not signed in");

  await byTestId(phone.page, "sign-in-user").fill("e2e");
  await byTestId(phone.page, "sign-in-password").fill("not the password");
  await byTestId(phone.page, "sign-in-submit").click();
  await see(phone, byTestId(phone.page, "sign-in-error"), "the refusal of a wrong password");
  assert.match(await byTestId(phone.page, "sign-in-error").innerText(), /Wrong user name or password/);

  await byTestId(phone.page, "sign-in-password").fill(PASSWORD);
  await byTestId(phone.page, "sign-in-submit").click();
  await see(phone, byTestId(phone.page, "device-confirm"), "what asks to sign in");
  assert.equal(await byTestId(phone.page, "device-code").innerText(), code);
  assert.match(await byTestId(phone.page, "device-client").innerText(), /asks to act as e2e/);
  await shoot(phone, "signin-01-confirm");

  await byTestId(phone.page, "device-approve").click();
  await see(phone, byTestId(phone.page, "device-done"), "the approval");
  assert.equal(await byTestId(phone.page, "device-done").getAttribute("data-approved"), "true");
  assert.equal(await exited, 0, `baton login: ${printed}`);
  assert.match(printed, /Signed in to .* as e2e/);

  const status = execFileSync(java, ["-jar", jar, "status"], { env }).toString();
  assert.match(status, /e2e/, status);
  assert.ok(!/bta_/.test(status), `no token in baton status: ${status}`);

  assert.deepEqual(phone.violations, [], "CSP violations");
  assert.deepEqual(phone.foreignRequests, [], "requests that left the relay");
  await phone.context.close();
});

test("an organization's admin turns Remote Control on from the admin page on a phone", { timeout: 120_000 }, async () => {
  const phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(`${relay.url}/admin`);
  await see(phone, byTestId(phone.page, "sign-in"), "the sign-in page first");
  await byTestId(phone.page, "sign-in-user").fill("ann");
  await byTestId(phone.page, "sign-in-password").fill(PASSWORD);
  await byTestId(phone.page, "sign-in-submit").click();
  await see(phone, phone.page.locator('[data-testid="admin"][data-remote-control="false"]'), "acme with Remote Control off");
  assert.match(await phone.page.locator("h1").innerText(), /acme/);

  await byTestId(phone.page, "admin-remote-control").click();
  await see(phone, phone.page.locator('[data-testid="admin"][data-remote-control="true"]'), "Remote Control on");
  await shoot(phone, "signin-03-admin");
  const policy = await phone.page.evaluate(async () => (await fetch("/v1/web/organization")).json());
  assert.deepEqual(policy, { name: "acme", remoteControl: true, locked: false, role: "admin" });
  assert.deepEqual(phone.violations, []);
});
