import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pairingCommand } from "../src/core/pairing-command.ts";

describe("pairingCommand", () => {
  test("/mobile and /remote-control are answered on the page, a NAME kept as the new title", () => {
    assert.deepEqual(pairingCommand("/mobile"), { name: "mobile", title: "" });
    assert.deepEqual(pairingCommand("  /remote-control  "), { name: "remote-control", title: "" });
    assert.deepEqual(pairingCommand("/remote-control Sofa session"), { name: "remote-control", title: "Sofa session" });
  });

  test("anything else goes to the session as typed", () => {
    for (const text of ["/mobiles", "/status", "mobile", "please /mobile", "!/mobile", "/remote-controlled"]) {
      assert.equal(pairingCommand(text), null, text);
    }
  });
});
