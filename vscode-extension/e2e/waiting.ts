// Waiting for a condition with a deadline, never for a fixed time; a timeout says what was there instead.

/** Polls `probe` until it returns a value; after `timeoutMs` fails naming `what` and what `seen` reports. */
export async function deadline<T>(
  timeoutMs: number,
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  seen: () => string | Promise<string> = () => '',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}. ${await seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
