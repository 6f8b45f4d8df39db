import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sessionDisplayName, sessionHeading } from "../src/core/session-name.ts";

// The same cases the backend's SessionNamesTest reads, so a terminal and a phone call a session alike.
const CASES = JSON.parse(readFileSync(new URL("../../conformance/display-names.json", import.meta.url), "utf8")) as {
  cases: { sessionId: string; title?: string; displayName: string }[];
};

test("a session is called as conformance/display-names.json says", () => {
  assert.ok(CASES.cases.length > 0);
  for (const c of CASES.cases) {
    assert.equal(sessionDisplayName(c.sessionId, c.title), c.displayName, JSON.stringify(c));
  }
});

test("the heading of one session is its title, or \"New session\" rather than an id until it has one", () => {
  assert.equal(sessionHeading("Fix the login page"), "Fix the login page");
  for (const untitled of [undefined, null, "", "   "]) assert.equal(sessionHeading(untitled), "New session");
});
