// Time as something the caller hands in, so liveness and backoff can be tested without waiting.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  after(ms: number, task: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, task) {
    const handle = setTimeout(task, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
