import assert from "node:assert/strict";
import { test } from "node:test";
import { isHelpCommand, PAGE_COMMANDS } from "../src/core/help.ts";

test("the page answers /help itself, and only /help", () => {
  assert.equal(isHelpCommand("/help"), true);
  assert.equal(isHelpCommand("  /help \n"), true);
  assert.equal(isHelpCommand("/help me"), false);
  assert.equal(isHelpCommand("/helpful"), false);
  assert.equal(isHelpCommand("help"), false);
});

test("the page's /help lists what works from a device, not Remote Control's own commands", () => {
  const usages = PAGE_COMMANDS.map((entry) => entry.usage.split(" ")[0]);
  assert.deepEqual(usages, ["/help", "/rename", "/status", "/clear", "/config", "!COMMAND"]);
});
