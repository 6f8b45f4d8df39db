/**
 * A fresh input id. crypto.randomUUID exists only in secure contexts, and a phone on the LAN
 * opens the relay over plain http, so this uses getRandomValues, which works everywhere.
 */
export function newInputId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "in-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
