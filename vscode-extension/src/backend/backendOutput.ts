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

/** The "Baton" output channel as the language client writes to it: with every pairing secret masked. */
export class BackendOutput implements vscode.OutputChannel {
  constructor(private readonly channel: vscode.OutputChannel) {}

  get name(): string {
    return this.channel.name;
  }

  append(value: string): void {
    this.channel.append(maskPairing(value));
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
