/** Jittered exponential delays between reconnect attempts; reset once a connection proves itself. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 15_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay: base·2ⁿ capped at the maximum, then scaled into [½, 1] so devices don't stampede. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling * (0.5 + this.random() * 0.5));
  }

  reset(): void {
    this.attempt = 0;
  }
}
