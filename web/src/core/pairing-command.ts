/**
 * `/mobile` and `/remote-control [NAME]` typed where the relay is reachable: the page answers them
 * itself, with a pairing code it mints for this device's eyes only, instead of asking the session,
 * whose answer would be written to the log every device reads. A NAME renames the session, as the
 * command does on the terminal.
 */
export type PairingCommand = { name: "mobile" | "remote-control"; title: string };

export function pairingCommand(text: string): PairingCommand | null {
  const match = /^\/(mobile|remote-control)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  return { name: match[1] as PairingCommand["name"], title: (match[2] ?? "").trim() };
}
