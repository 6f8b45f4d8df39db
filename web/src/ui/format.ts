/** "10:42" today, "Mon 10:42" this week, else a date: how long ago something happened, compactly. */
export function when(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (date.toDateString() === now.toDateString()) return time;
  if (days < 6) return `${date.toLocaleDateString([], { weekday: "short" })} ${time}`;
  return date.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" });
}

/** A tool call's input in one line: the shell command itself, else compact JSON. */
export function toolInput(input: unknown): string {
  if (input && typeof input === "object" && "command" in input && typeof input.command === "string") {
    return input.command;
  }
  if (input && typeof input === "object" && "path" in input && typeof input.path === "string") {
    return input.path;
  }
  const json = JSON.stringify(input);
  return json === undefined || json === "{}" ? "" : json;
}

/** How many lines a tool's output shows: the newline that ends most command output starts no line of its own. */
export function outputLines(output: string): number {
  if (output === "") return 0;
  return (output.endsWith("\n") ? output.slice(0, -1) : output).split("\n").length;
}
