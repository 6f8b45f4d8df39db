// Server mode across a restart, seen from a phone: a session spawned from the phone before
// `baton remote-control` stopped is listed under the computer again once it runs, and opening it
// resumes it there. While the computer has not taken it up yet the page says so; when the computer
// runs all the sessions its capacity allows, the page says that instead. A page left open on the session
// across the restart gets it back by itself; one the computer cannot open says why.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, send, shoot, surface } from "./browser.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

let java: string;
let relay: Relay;
let backend: Backend | undefined;
let browser: Browser;
const home = tempDir("baton-e2e-restart-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    java = findJava();
    browser = await launchChromium();
    relay = await startRelay(java);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await backend?.process.kill("SIGKILL");
  await relay?.process.kill();
});

/** `baton remote-control --name desk` in the project, and the earlier sessions the relay lists under it again. */
async function startDesk(extraArgs: string[] = []): Promise<string[]> {
  backend = await startBackend(java, relay, home, project, "desk", {}, extraArgs);
  return (await backend.process.line<{ sessionIds: string[] }>((line) => line.event === "adopted")).sessionIds;
}

async function stopDesk(): Promise<void> {
  assert.equal(await backend?.process.kill("SIGTERM"), 0, "baton remote-control exits 0 on SIGTERM");
  backend = undefined;
}

test("a session spawned before a restart is resumed on the computer when the phone opens it", { timeout: 240_000 }, async () => {
  assert.deepEqual(await startDesk(), [], "nothing earlier to adopt on the first run");
  const phone = await surface(browser, "phone", relay.url);
  await phone.page.goto(backend!.url);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the first session online");

  // A session of its own, spawned from the phone, with something in it.
  await phone.page.getByRole("button", { name: "All sessions" }).click();
  const desk = byTestId(phone.page, "environment").filter({ hasText: "desk" });
  await desk.locator('[data-testid="spawn-session"]').click();
  await phone.page.waitForURL(/\/s\/ses_/, { timeout: 20_000 });
  const spawned = new URL(phone.page.url()).pathname.slice("/s/".length);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the spawned session online");
  await send(phone, "!echo before-the-restart");
  await see(phone, byTestId(phone.page, "event-tool").filter({ hasText: "before-the-restart" }).locator("pre"), "its output");
  await stopDesk();

  // Started again with room for its first session only: opening the earlier one is refused, and says why.
  assert.deepEqual(await startDesk(["--capacity", "1"]), [spawned], "the spawned session is listed under the computer again");
  await phone.page.reload();
  const refusal = phone.page.getByRole("alert").filter({ hasText: "already runs 1 of its 1 sessions" });
  await see(phone, refusal, "the capacity refusal");
  assert.match(await refusal.innerText(), /^Could not resume this session: .*--capacity/s);
  assert.equal(await byTestId(phone.page, "resuming").count(), 0, "no promise to resume beside the refusal");
  await shoot(phone, "restart-01-capacity");
  await stopDesk();

  // Started again with room: while the computer has not taken the session up, the page says it is
  // coming (the process is paused, so the moment lasts); then the session is back, and a message sent
  // meanwhile is answered there.
  // The page leaves the session first: one still following it gets it attached as soon as it is adopted.
  await phone.page.goto(new URL("/", relay.url).href);
  assert.deepEqual(await startDesk(), [spawned]);
  backend!.process.child.kill("SIGSTOP");
  try {
    await phone.page.goto(new URL(`/s/${spawned}`, relay.url).href);
    await see(phone, byTestId(phone.page, "resuming").filter({ hasText: "Resuming this session on desk" }), "the resuming banner");
    assert.equal(await byTestId(phone.page, "machine-offline").count(), 0, "not called offline: its computer runs");
    await shoot(phone, "restart-02-resuming");
    await send(phone, "!echo after-the-restart");
  } finally {
    backend!.process.child.kill("SIGCONT");
  }
  await backend!.process.line((line) => line.event === "resumed" && line.sessionId === spawned);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the earlier session online again");
  await see(phone, byTestId(phone.page, "event-tool").filter({ hasText: "after-the-restart" }).locator("pre"), "the answer to what was sent meanwhile");
  assert.equal(await byTestId(phone.page, "resuming").count(), 0, "the banner goes once the session is hosted");
  await see(phone, byTestId(phone.page, "event-tool").filter({ hasText: "before-the-restart" }), "what it held before the restart");
  await shoot(phone, "restart-03-resumed");
  await stopDesk();

  // Left open across a restart, not reloaded: the page still follows the session, so the computer takes
  // it up as soon as it adopts it, without the page asking again.
  await see(phone, byTestId(phone.page, "machine-offline"), "the stopped computer's session said to be unhosted");
  assert.deepEqual(await startDesk(), [spawned]);
  await backend!.process.line((line) => line.event === "resumed" && line.sessionId === spawned);
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "online again without a reload");
  await send(phone, "!echo without-a-reload");
  await see(phone, byTestId(phone.page, "event-tool").filter({ hasText: "without-a-reload" }).locator("pre"), "its answer");
  await stopDesk();

  // Started again while another process holds the session's log (a second baton would): the computer
  // declines it, and the page says why instead of promising to resume it. The page leaves the session
  // again, so the lock comes before anyone asks for it.
  await phone.page.goto(new URL("/", relay.url).href);
  assert.deepEqual(await startDesk(), [spawned]);
  const holder = await holdLock(join(home, "sessions", spawned, "events.jsonl"));
  try {
    await phone.page.goto(new URL(`/s/${spawned}`, relay.url).href);
    const declined = phone.page.getByRole("alert").filter({ hasText: "another baton process there has it open" });
    await see(phone, declined, "why the computer did not resume it");
    assert.match(await declined.innerText(), /^Could not resume this session on its computer: /);
    assert.equal(await byTestId(phone.page, "resuming").count(), 0, "no promise to resume beside it");
    await shoot(phone, "restart-04-declined");
  } finally {
    holder.kill();
  }
  await stopDesk();
});

/** A process that holds a POSIX lock on {@code file}, as a baton with the session open does, until killed. */
async function holdLock(file: string): Promise<ChildProcess> {
  const holder = spawn("python3", [
    "-c",
    "import fcntl, sys, time\nf = open(sys.argv[1], 'r+')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(600)",
    file,
  ]);
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once("data", () => resolve());
    holder.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return holder;
}
