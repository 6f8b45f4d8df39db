import type * as vscode from 'vscode';

/**
 * `text` without what a pairing link gives away: the fragment of a `…#pair=CODE&key=KEY` link (a code that
 * pairs a device, and the key to every session of this machine) and the QR codes that encode the link in
 * a `baton/startRemoteControl` result. The language client's trace at "verbose" prints that result, and
 * an output channel is kept on disk among the editor's logs.
 */
export function maskPairing(text: string): string {
  return text.replace(/#pair=[^\s"'\\]*/g, '#pair=…').replace(/("qr(?:Text|Svg)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"…"');
}

/**
 * The last line of `stderr` that says something: not blank, not a stack frame, without the backend's
 * `baton: ` prefix, at most 300 characters; undefined when there is none.
 */
export function lastMeaningfulLine(stderr: string): string | undefined {
  const line = stderr
    .split(/\r?\n/)
    .map((text) => text.trim())
    .filter((text) => text !== '' && !/^at \S+\(.*\)$/.test(text) && !/^\.\.\. \d+ more$/.test(text))
    .pop();
  if (line === undefined) return undefined;
  const said = line.replace(/^baton: /, '');
  return said.length > 300 ? `${said.slice(0, 299)}…` : said;
}

/** Enough of the backend's stderr for its last lines. */
const STDERR_KEPT = 8192;

/**
 * The "Baton" output channel as the language client writes to it: with every pairing secret masked, and
 * the current backend process's stderr remembered, so that a backend that exits as it starts can be
 * explained by what it said. The client writes the process's stderr with `append` and its own lines with
 * `appendLine`.
 */
export class BackendOutput implements vscode.OutputChannel {
  private stderr = '';

  constructor(private readonly channel: vscode.OutputChannel) {}

  /** A new backend process starts: what an earlier one said does not explain it. */
  processStarting(): void {
    this.stderr = '';
  }

  /** What the current backend process last said on stderr ({@link lastMeaningfulLine}). */
  lastStderrLine(): string | undefined {
    return lastMeaningfulLine(this.stderr);
  }

  get name(): string {
    return this.channel.name;
  }

  append(value: string): void {
    const masked = maskPairing(value);
    this.stderr = (this.stderr + masked).slice(-STDERR_KEPT);
    this.channel.append(masked);
  }

  appendLine(value: string): void {
    this.channel.appendLine(maskPairing(value));
  }

  replace(value: string): void {
    this.channel.replace(maskPairing(value));
  }

  clear(): void {
    this.channel.clear();
  }

  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(first?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
    if (typeof first === 'boolean' || first === undefined) this.channel.show(first);
    else this.channel.show(first, preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  /** The channel is the extension's, shown beside the backend's lines; the client does not own it. */
  dispose(): void {}
}
