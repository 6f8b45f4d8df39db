import type { Clock, Timer } from "../src/core/clock.ts";

/** A clock that moves only when the test says so, running due tasks in time order. */
export class FakeClock implements Clock {
  private time = 1_000_000;
  private tasks: { at: number; id: number; task: () => void }[] = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  after(ms: number, task: () => void): Timer {
    const entry = { at: this.time + ms, id: this.ids++, task };
    this.tasks.push(entry);
    return { cancel: () => (this.tasks = this.tasks.filter((t) => t !== entry)) };
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.tasks.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.tasks[0];
      if (!next || next.at > until) break;
      this.tasks.shift();
      this.time = next.at;
      next.task();
    }
    this.time = until;
  }
}
