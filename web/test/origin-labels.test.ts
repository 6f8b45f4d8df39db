import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { OriginLabels, type OriginSource } from "../src/core/origin-labels.ts";
import type { DeviceName } from "../src/transport/transport.ts";

/** A transport whose device list the test sets, counting the fetches and releasing each when told. */
function source(kind: OriginSource["kind"], origin: string | null, devices: DeviceName[] = []) {
  const fetches: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const s = {
    kind,
    origin,
    devices,
    fetches,
    deviceNames: () =>
      new Promise<DeviceName[]>((resolve, reject) =>
        fetches.push({ resolve: () => resolve([...s.devices]), reject }),
      ),
    /** Answers every fetch still open, and lets the labels take the answers in. */
    async answerAll() {
      fetches.splice(0).forEach((fetch) => fetch.resolve());
      await settle();
    },
  };
  return s;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("OriginLabels", () => {
  test("this surface, the editor and the terminal need no names", () => {
    const browser = new OriginLabels(source("relay", "dev_me"));
    assert.equal(browser.label("dev_me"), "this device");
    assert.equal(browser.label("editor"), "VS Code");
    assert.equal(browser.label("terminal"), "terminal");
    const panel = new OriginLabels(source("vscode", "editor"));
    assert.equal(panel.label("editor"), "VS Code");
    assert.equal(panel.label("terminal"), "terminal");
  });

  test("a device's messages carry the name it paired with, once the names are in", async () => {
    const s = source("vscode", "editor", [{ id: "dev_pixel", name: "Pixel 7" }]);
    const labels = new OriginLabels(s);
    let changes = 0;
    labels.subscribe(() => changes++);
    const loading = labels.load();
    await s.answerAll();
    await loading;
    assert.equal(labels.label("dev_pixel"), "Pixel 7");
    assert.equal(changes, 1);
  });

  test("an unknown device asks once more, and is named when it paired since", async () => {
    const s = source("relay", "dev_me", [{ id: "dev_me", name: "Me" }]);
    const labels = new OriginLabels(s);
    void labels.load();
    await s.answerAll();
    s.devices.push({ id: "dev_new", name: "New tablet" });
    let changes = 0;
    labels.subscribe(() => changes++);

    assert.equal(labels.label("dev_new"), "another device");
    await settle();
    assert.equal(s.fetches.length, 1, "one more fetch for the unknown id");
    assert.equal(labels.label("dev_new"), "another device", "while it runs");
    assert.equal(s.fetches.length, 1, "and no other");
    await s.answerAll();
    assert.equal(labels.label("dev_new"), "New tablet");
    assert.equal(changes, 1, "the transcript is told to show the name");
  });

  test("a device the relay does not know stays 'another device' without asking again", async () => {
    const s = source("relay", "dev_me");
    const labels = new OriginLabels(s);
    assert.equal(labels.label("dev_gone"), "another device");
    await settle();
    await s.answerAll();
    assert.equal(labels.label("dev_gone"), "another device");
    assert.equal(labels.label(undefined), "another device");
    await settle();
    assert.equal(s.fetches.length, 0);
  });

  test("an id seen while the first fetch runs waits for it instead of fetching twice", async () => {
    const s = source("vscode", "editor", [{ id: "dev_pixel", name: "Pixel 7" }]);
    const labels = new OriginLabels(s);
    void labels.load();
    assert.equal(labels.label("dev_pixel"), "another device");
    await settle();
    await s.answerAll();
    await settle();
    assert.equal(labels.label("dev_pixel"), "Pixel 7");
    assert.equal(s.fetches.length, 0, "the first fetch brought the name; no second one");
  });

  test("a failed fetch keeps the names known, and a revoked device keeps its name", async () => {
    const s = source("relay", "dev_me", [{ id: "dev_old", name: "Old phone" }]);
    const labels = new OriginLabels(s);
    void labels.load();
    await s.answerAll();
    s.devices.length = 0;
    void labels.load();
    await s.answerAll();
    assert.equal(labels.label("dev_old"), "Old phone");
    const failing = labels.load();
    s.fetches.splice(0).forEach((fetch) => fetch.reject(new Error("offline")));
    await failing;
    assert.equal(labels.label("dev_old"), "Old phone");
  });
});
