// A TCP proxy in front of the relay that reads the WebSocket frames crossing it (RFC 6455): it keeps
// every message's payload, unmasked, so a test can say what a socket carried, and it may alter a
// relay-to-client text message in place (same length) or withhold it, playing a relay that tampers with
// what it forwards. Extension negotiation is taken out of upgrade requests, so payloads cross uncompressed.
import { createServer, type Server, type Socket, connect } from "node:net";
import type { AddressInfo } from "node:net";

/** Returns the payload to send instead (the same length in bytes), or null to leave it. */
export type Tamper = (text: string) => string | null;

/** What a reader does with a text message: pass it on, pass this instead, or withhold it. */
type Verdict = string | null | void | typeof WITHHOLD;
const WITHHOLD = Symbol("withhold");

export class WebSocketProxy {
  /** Every text message that crossed, either way, as its payload text. */
  readonly messages: { toRelay: boolean; text: string }[] = [];
  /** How many upgraded connections were opened through the proxy. */
  sockets = 0;
  tamper: Tamper | null = null;
  /** Says which relay-to-client messages never reach the client. */
  withhold: ((text: string) => boolean) | null = null;
  target = 0;
  private readonly open = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebSocketProxy> {
    const server = createServer();
    const proxy = new WebSocketProxy(server);
    server.on("connection", (client) => proxy.pipe(client));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: Socket): void {
    const relay = connect(this.target, "127.0.0.1");
    this.open.add(client).add(relay);
    let upgraded: boolean | null = null;
    const fromClient = new FrameReader(false, (text) => {
      this.messages.push({ toRelay: true, text });
    });
    const fromRelay = new FrameReader(true, (text) => {
      this.messages.push({ toRelay: false, text });
      if (this.withhold?.(text)) return WITHHOLD;
      return this.tamper?.(text) ?? null;
    });
    client.on("data", (chunk: Buffer) => {
      if (upgraded === null) {
        const head = chunk.toString("latin1");
        upgraded = /^upgrade: *websocket/im.test(head);
        if (upgraded) {
          this.sockets++;
          chunk = Buffer.from(head.replace(/^sec-websocket-extensions:[^\r\n]*\r\n/gim, ""), "latin1");
          relay.write(chunk);
          return;
        }
      }
      if (upgraded) fromClient.push(chunk);
      relay.write(chunk);
    });
    relay.on("data", (chunk: Buffer) => client.write(upgraded ? fromRelay.push(chunk) : chunk));
    const end = () => {
      client.destroy();
      relay.destroy();
      this.open.delete(client);
      this.open.delete(relay);
    };
    client.on("close", end).on("error", end);
    relay.on("close", end).on("error", end);
  }
}

/**
 * Splits a byte stream into WebSocket frames. Bytes are passed on as soon as a frame is whole; a relay's
 * stream starts with the HTTP 101 head, passed on untouched.
 */
class FrameReader {
  private buffer = Buffer.alloc(0);
  private inHead: boolean;

  constructor(
    /** The relay's side opens with the HTTP 101 answer; the client's upgrade request was passed on apart. */
    startsWithHead: boolean,
    private readonly onText: (text: string) => Verdict,
  ) {
    this.inHead = startsWithHead;
  }

  /** Takes in a chunk; answers the bytes to pass on now (whole frames, possibly altered). */
  push(chunk: Buffer): Buffer {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Buffer[] = [];
    if (this.inHead) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return Buffer.alloc(0);
      out.push(this.buffer.subarray(0, end + 4));
      this.buffer = this.buffer.subarray(end + 4);
      this.inHead = false;
    }
    for (;;) {
      const frame = this.frame();
      if (frame === null) break;
      if (frame !== WITHHOLD) out.push(frame);
    }
    return Buffer.concat(out);
  }

  private frame(): Buffer | typeof WITHHOLD | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    const opcode = b[0]! & 0x0f;
    const hasMask = (b[1]! & 0x80) !== 0;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const mask = hasMask ? b.subarray(offset, offset + 4) : null;
    if (hasMask) offset += 4;
    if (b.length < offset + length) return null;
    const frame = Buffer.from(b.subarray(0, offset + length));
    this.buffer = b.subarray(offset + length);
    if (opcode === 1) {
      const payload = Buffer.from(frame.subarray(offset));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      const replaced = this.onText(payload.toString("utf8"));
      if (replaced === WITHHOLD) return WITHHOLD;
      if (typeof replaced === "string" && !mask) {
        const bytes = Buffer.from(replaced, "utf8");
        if (bytes.length !== length) throw new Error("a tampered payload must keep its length");
        bytes.copy(frame, offset);
      }
    }
    return frame;
  }
}
