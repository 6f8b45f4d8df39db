/**
 * `/help` typed on this page: the page answers it itself, listing only what does something from here.
 * The backend's own list (written to the log every surface reads) is the terminal's: it includes
 * `/remote-control` and `/mobile`, which a page already inside Remote Control has no use for.
 */
export interface HelpEntry {
  usage: string;
  what: string;
}

export const PAGE_COMMANDS: readonly HelpEntry[] = [
  { usage: "/help", what: "this list" },
  { usage: "/rename NAME", what: "give the session a new title" },
  { usage: "/status", what: "the session's id, title, directory, state, model and token usage" },
  { usage: "/clear", what: "start a new conversation in this session (the log keeps the old one)" },
  { usage: "/config", what: "the model configuration and where each value comes from" },
  { usage: "!COMMAND", what: "run COMMAND with /bin/sh in the session's directory" },
];

export function isHelpCommand(text: string): boolean {
  return text.trim() === "/help";
}
