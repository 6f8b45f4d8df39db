/**
 * What every surface calls a session: its title, or for an untitled one "Session " and the first eight
 * characters of its id after any "ses_" prefix, so a list of untitled sessions can be told apart. The
 * backend's terminal screens derive it the same way (dev.baton.protocol.SessionNames);
 * conformance/display-names.json holds the cases both are tested against.
 */
export function sessionDisplayName(sessionId: string, title: string | null | undefined): string {
  if (title && title.trim()) return title;
  const bare = sessionId.startsWith("ses_") ? sessionId.slice("ses_".length) : sessionId;
  return `Session ${bare.slice(0, 8)}`;
}

/**
 * What the heading of a screen showing one session calls it: its title, or "New session" until it has
 * one (the first plain message, a rename or a name gives it one). Nothing on that screen needs telling
 * apart, and there the id-derived {@link sessionDisplayName} reads like a code; lists, a terminal's
 * included, keep it.
 */
export function sessionHeading(title: string | null | undefined): string {
  return title && title.trim() ? title : "New session";
}
