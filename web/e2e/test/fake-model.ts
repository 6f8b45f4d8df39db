// The one thing these tests cannot run for real is a model provider. This answers
// POST /v1/chat/completions in OpenAI's streaming format (the same chunks as model-fixtures'
// FakeModelServer renders) from a script, on 127.0.0.1, pacing the chunks so a browser can watch
// the text stream in.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedReply {
  text?: string[];
  tool?: { id: string; name: string; arguments: object };
  /** Pause before each chunk, so streaming is visible. */
  paceMs?: number;
  /** Keeps the stream open after the text until this settles, so a test can act while the model is mid-answer. */
  holdUntil?: Promise<void>;
}

export class FakeModel {
  readonly requests: object[] = [];
  /** When (Date.now()) the last text chunk of the latest reply was written. */
  lastTextAt = 0;
  private readonly replies: ScriptedReply[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeModel> {
    const server = createServer();
    const fake = new FakeModel(server);
    server.on("request", (request, response) => {
      void body(request).then(async (text) => {
        const reply = fake.replies.shift();
        if (request.method !== "POST" || !request.url?.endsWith("/chat/completions") || !reply) {
          response.writeHead(400, { "content-type": "application/json" });
          response.end(JSON.stringify({ error: { message: `no scripted reply for ${request.method} ${request.url}`, type: "invalid_request_error" } }));
          return;
        }
        fake.requests.push(JSON.parse(text));
        response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        // An interrupted turn hangs up mid-stream: once the socket is gone there is no one to finish for.
        const all = chunks(reply);
        const finish = all.pop();
        for (const chunk of all) {
          if (reply.paceMs) await new Promise((resolve) => setTimeout(resolve, reply.paceMs));
          if (response.destroyed) return;
          response.write(`data: ${JSON.stringify(chunk)}\n\n`);
          fake.lastTextAt = Date.now();
        }
        await reply.holdUntil;
        if (response.destroyed) return;
        response.write(`data: ${JSON.stringify(finish)}\n\n`);
        response.end("data: [DONE]\n\n");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  enqueue(...replies: ScriptedReply[]): void {
    this.replies.push(...replies);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => resolve(text));
  });
}

function chunks(reply: ScriptedReply): object[] {
  const chunk = (delta: object, finish: string | null = null) => ({
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model: "fake",
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const out: object[] = [chunk({ role: "assistant", content: "" })];
  for (const piece of reply.text ?? []) out.push(chunk({ content: piece }));
  if (reply.tool) {
    const { id, name, arguments: args } = reply.tool;
    out.push(chunk({ tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: "" } }] }));
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: JSON.stringify(args) } }] }));
  }
  out.push(chunk({}, reply.tool ? "tool_calls" : "stop"));
  return out;
}

/**
 * About `bytes` of the Markdown a model writes in a long answer (headings, prose, lists, code blocks,
 * tables), ending with `lastWords`, cut into pieces of a few tokens as a model streams them.
 */
export function longAnswer(bytes: number, lastWords: string, pieceSize = 12): string[] {
  let text = "";
  for (let part = 1; text.length < bytes; part++) {
    text += `## Part ${part}: what changes\n\n`;
    text += `The parser in part ${part} reads **each line** once and keeps \`state\` between calls, so a long file costs what its length costs. `;
    text += "Nothing is read twice, and errors name the line they were found on.\n\n";
    text += `- step ${part}.1: read the header\n- step ${part}.2: check the *version*\n  - nested: older versions are refused\n- step ${part}.3: hand over\n\n`;
    text += `\`\`\`ts\nfunction part${part}(input: string): number {\n  let total = 0;\n  for (const line of input.split("\\n")) total += line.length;\n  return total;\n}\n\`\`\`\n\n`;
    text += `| case | before | after |\n|---|---|---|\n| ${part} small | 12 ms | 3 ms |\n| ${part} large | 840 ms | 41 ms |\n\n`;
    text += `1. first, numbered\n2. second, with a [link](https://example.com/${part})\n\n> A quote to close part ${part}.\n\n`;
  }
  text += lastWords;
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += pieceSize) pieces.push(text.slice(at, at + pieceSize));
  return pieces;
}
