import { Lexer } from "marked";

/** A streamed Markdown text cut into the blocks that can no longer change and the one still open. */
export interface Blocks {
  /** Top-level blocks (raw Markdown) that later text cannot change; each is rendered once and kept. */
  readonly finished: readonly string[];
  /** The tail that may still grow or change meaning (a list item, an unclosed code fence, a table). */
  readonly open: string;
}

/**
 * Cuts a growing Markdown text into finished blocks and an open tail, lexing only the tail on each
 * update, so a long streamed answer costs per delta what its last block costs, not what the whole
 * answer costs. A block is finished once a later block has started after it: until then a blank line
 * may still be followed by the next list item, or a line of `===` turn a paragraph into a heading.
 * Text that does not extend the previous text (a new message) starts over.
 */
export class BlockSplitter {
  private text = "";
  private done: string[] = [];
  private offset = 0;

  update(text: string): Blocks {
    if (!text.startsWith(this.text)) {
      this.done = [];
      this.offset = 0;
    }
    this.text = text;
    const tail = text.slice(this.offset);
    const tokens = Lexer.lex(tail, { gfm: true, breaks: true });
    let lastBlock = tokens.length - 1;
    while (lastBlock > 0 && tokens[lastBlock]!.type === "space") lastBlock--;
    const closed: string[] = [];
    for (const token of tokens.slice(0, lastBlock)) {
      // Blank lines belong to the block before them.
      if (token.type === "space" && closed.length > 0) closed[closed.length - 1] += token.raw;
      else closed.push(token.raw);
    }
    const consumed = closed.join("");
    // Link definitions and the like leave no token: when the raws do not spell the text back, keep it all open.
    if (consumed.length > 0 && tail.startsWith(consumed)) {
      this.done = [...this.done, ...closed];
      this.offset += consumed.length;
    }
    return { finished: this.done, open: text.slice(this.offset) };
  }
}
