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
