// An agent turn seen from the browser: text streaming in from delta frames, the finished answer as
// sanitised Markdown, and a permission prompt answered from the phone. The model is the only fake.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { byTestId, launchChromium, see, shoot, type Surface, surface } from "./browser.ts";
import { FakeModel } from "./fake-model.ts";
import { type Backend, findJava, type Relay, requireJar, startBackend, startRelay, tempDir } from "./processes.ts";

let relay: Relay;
let backend: Backend;
let browser: Browser;
let model: FakeModel;
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
  const phone: Surface = await surface(browser, "phone", relay.url);
  await phone.page.goto(backend.url);
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
