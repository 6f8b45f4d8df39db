// An agent turn seen from the browser: text streaming in from delta frames, the finished answer as
// sanitised Markdown, permission prompts answered from the phone (Allow, Deny, Always allow) and a
// turn interrupted mid-stream. The model is the only fake.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, send, shoot, type Surface, surface } from "./browser.ts";
import { FakeModel } from "./fake-model.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

let relay: Relay;
let backend: Backend;
let browser: Browser;
let model: FakeModel;
/** One paired phone for every test: a pairing link works once. */
let phone: Surface;
const home = tempDir("baton-e2e-agent-");
const project = join(home, "project");
mkdirSync(project);

before(
  async () => {
    requireJar();
    const java = findJava();
    model = await FakeModel.start();
    browser = await launchChromium();
    relay = await startRelay(java);
    backend = await startBackend(java, relay, home, project, "agent", {
      BATON_PROVIDER: "openai",
      BATON_MODEL: "fake",
      OPENAI_BASE_URL: model.baseUrl,
    });
    phone = await surface(browser, "phone", relay.url);
    await phone.page.goto(backend.url);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await backend?.process.kill("SIGKILL");
  await relay?.process.kill();
  await model?.close();
});


test("an agent turn streams, renders safe Markdown, and waits for a permission answered on the phone", { timeout: 180_000 }, async () => {
  await see(phone, phone.page.locator('[data-testid="presence"][data-online="true"]'), "the machine online");

  model.enqueue(
    {
      text: ["Here is ", "**bold**, ", "<script>window.__pwned = 1</script>", '<img src="x" onerror="window.__pwned = 2"> and code:\n\n', "```sh\necho baton\n```\n"],
      tool: { id: "call_1", name: "Shell", arguments: { command: "echo made > made.txt" } },
      paceMs: 400,
    },
    { text: ["Done: made.txt ", "exists."] },
  );
  await byTestId(phone.page, "composer").fill("Make a file, please");
  await byTestId(phone.page, "composer").press("Enter");

  // The answer streams in before it is committed.
  await see(phone, phone.page.locator('[data-testid="event-assistant"][data-streaming="true"]'), "streamed text", 20_000);
  await shoot(phone, "agent-01-streaming");
  const answer = phone.page.locator('[data-testid="event-assistant"]:not([data-streaming])').filter({ hasText: "Here is" });
  await see(phone, answer, "the committed answer", 20_000);
  assert.equal(await answer.locator("strong").innerText(), "bold");
  assert.equal((await answer.locator("pre code").innerText()).trim(), "echo baton");
  assert.equal(await answer.locator("script, img, [onerror]").count(), 0, "no markup from the model is parsed");
  assert.match(await answer.innerText(), /<script>window.__pwned = 1<\/script><img src="x"/, "raw HTML shows as text");
  assert.equal(await phone.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await phone.page.locator('[data-streaming="true"]').count(), 0, "the streamed copy is replaced, not kept");

  // The model asks to run a command: a prompt with Allow, Deny and Always allow, and Interrupt while it works.
  await see(phone, byTestId(phone.page, "permission"), "the permission prompt", 20_000);
  await see(phone, byTestId(phone.page, "interrupt"), "the Interrupt button");
  for (const id of ["permission-allow", "permission-deny", "permission-always"]) {
    await see(phone, byTestId(phone.page, id), id);
  }
  await shoot(phone, "agent-02-permission");
  assert.equal(existsSync(join(project, "made.txt")), false, "nothing runs before the answer");
  await byTestId(phone.page, "permission-allow").tap();

  await see(phone, byTestId(phone.page, "event-notice").filter({ hasText: "Allowed by this device" }), "the decision");
  await see(phone, phone.page.locator('[data-testid="event-assistant"]').filter({ hasText: "Done: made.txt exists." }), "the final answer", 20_000);
  assert.equal(await byTestId(phone.page, "permission").count(), 0, "the prompt closes");
  await phone.page.locator('[data-testid="interrupt"]').waitFor({ state: "detached", timeout: 10_000 });
  assert.equal(readFileSync(join(project, "made.txt"), "utf8").trim(), "made");
  await shoot(phone, "agent-03-done");

  assert.deepEqual(phone.violations, [], "CSP violations");
  assert.deepEqual(phone.foreignRequests, [], "requests that left the relay");
});

// The tests below go on in the same session on the same phone (one backend start is most of the
// time); each names its own texts so that earlier turns in the transcript cannot satisfy its waits.

const answered = (phone: Surface, text: string) => phone.page.locator('[data-testid="event-assistant"]:not([data-streaming])').filter({ hasText: text });
const notice = (phone: Surface, text: string | RegExp) => byTestId(phone.page, "event-notice").filter({ hasText: text });
const working = (phone: Surface) => phone.page.locator(".working").filter({ hasText: "working…" });

test("A Write prompt shows its content and the tab says it waits; Deny refuses the write", { timeout: 60_000 }, async () => {
  const content = Array.from({ length: 30 }, (_, i) => `should not exist, line ${i + 1}`).join("\n");
  model.enqueue(
    { tool: { id: "call_deny", name: "Write", arguments: { path: "denied.txt", content } } },
    { text: ["Understood, I left denied.txt alone."] },
  );
  await send(phone, "Write denied.txt");

  const prompt = byTestId(phone.page, "permission").filter({ hasText: "denied.txt" });
  await see(phone, prompt, "the permission prompt for the write", 20_000);
  // What it would write is on screen, folded after a screenful until asked for.
  const detail = prompt.locator('[data-testid="permission-detail"]');
  assert.match(await detail.innerText(), /should not exist, line 1\n/);
  assert.doesNotMatch(await detail.innerText(), /line 30/, "the content folds after a screenful");
  assert.equal(await phone.page.title(), "(!) Permission needed — agent", "the title says a prompt waits");
  assert.match((await phone.page.locator('link[rel="icon"]').getAttribute("href")) ?? "", /^data:image\/svg\+xml,/, "the icon says so too");
  assert.ok(await byTestId(phone.page, "composer").isEditable(), "the composer stays usable while the prompt waits");
  await shoot(phone, "agent-04-deny-prompt");
  await prompt.locator('[data-testid="permission-expand"]').tap();
  assert.match(await detail.innerText(), /line 30/, "Show all shows every line");
  await shoot(phone, "agent-04b-deny-prompt-expanded");
  await byTestId(phone.page, "permission-deny").tap();
  await phone.page.waitForFunction(() => document.title === "agent — Baton", undefined, { timeout: 10_000 });
  assert.equal(await phone.page.locator('link[rel="icon"]').getAttribute("href"), "/icon.svg", "the icon is back");

  await see(phone, notice(phone, "Denied by this device"), "the decision");
  await see(phone, phone.page.locator('[data-testid="event-tool"].failed').filter({ hasText: "Denied by the user" }), "the refused call");
  await see(phone, answered(phone, "I left denied.txt alone."), "the final answer", 20_000);
  assert.equal(await byTestId(phone.page, "permission").count(), 0, "the prompt closes");
  assert.equal(existsSync(join(project, "denied.txt")), false, "a denied write writes nothing");
  await shoot(phone, "agent-05-denied");
});

test("Always allow on the phone lets the same command run in a later turn without asking", { timeout: 60_000 }, async () => {
  const command = "echo again >> always.txt";
  model.enqueue(
    { tool: { id: "call_always_1", name: "Shell", arguments: { command } } },
    { text: ["First run done."] },
    { tool: { id: "call_always_2", name: "Shell", arguments: { command } } },
    { text: ["Second run done."] },
  );
  await send(phone, "Append to always.txt");
  await see(phone, byTestId(phone.page, "permission").filter({ hasText: command }), "the permission prompt for the command", 20_000);
  await shoot(phone, "agent-06-always-prompt");
  await byTestId(phone.page, "permission-always").tap();
  await see(phone, notice(phone, "Always allowed by this device"), "the decision");
  await see(phone, answered(phone, "First run done."), "the first turn's answer", 20_000);
  await working(phone).waitFor({ state: "detached", timeout: 10_000 });

  // Any prompt in the second turn, even one answered or withdrawn before a locator could look, is recorded.
  await phone.page.evaluate(() => {
    const seen = window as unknown as { __prompted?: boolean };
    seen.__prompted = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="permission"]')) seen.__prompted = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await send(phone, "Append to always.txt again");
  await see(phone, answered(phone, "Second run done."), "the second turn's answer", 20_000);

  assert.equal(await phone.page.evaluate(() => (window as unknown as { __prompted?: boolean }).__prompted), false, "no prompt in the second turn");
  assert.equal(await notice(phone, "Permission asked").filter({ hasText: command }).count(), 1, "the log holds one request, from the first turn");
  assert.equal(await phone.page.locator('[data-testid="event-tool"].ok').filter({ hasText: command }).count(), 2, "the command ran in both turns");
  assert.equal(readFileSync(join(project, "always.txt"), "utf8"), "again\nagain\n");
  await shoot(phone, "agent-07-always-second-turn");
});

test("Interrupt while the model streams: the turn stops, says so, and the composer works again", { timeout: 60_000 }, async () => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  model.enqueue({ text: ["Let me think about this ", "very carefully"], holdUntil: held }, { text: ["Back at your service."] });
  try {
    await send(phone, "Think it over");
    // The model's stream stays open from here until released: the turn is mid-answer.
    await see(phone, phone.page.locator('[data-testid="event-assistant"][data-streaming="true"]').filter({ hasText: "very carefully" }), "the streaming answer", 20_000);
    await see(phone, working(phone), "the working indicator");
    await shoot(phone, "agent-08-interrupt-streaming");
    await byTestId(phone.page, "interrupt").tap();

    await see(phone, notice(phone, /^Interrupted$/), "the Interrupted notice", 20_000);
    await working(phone).waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await byTestId(phone.page, "interrupt").count(), 0, "nothing left to interrupt");
    await shoot(phone, "agent-09-interrupted");
  } finally {
    release();
  }

  await send(phone, "Are you there?");
  await see(phone, answered(phone, "Back at your service."), "the answer after the interrupt", 20_000);
  await working(phone).waitFor({ state: "detached", timeout: 10_000 });
  await shoot(phone, "agent-10-after-interrupt");
  assert.deepEqual(phone.violations, [], "CSP violations");
  assert.deepEqual(phone.foreignRequests, [], "requests that left the relay");
});
