import type { ClientFrame, SealedDeviceFrame } from "../core/protocol.ts";
import type { SocketHandlers, StreamSocket } from "../core/session-stream.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { StreamCipher } from "../crypto/stream-cipher.ts";

/** What the page is told about a stream beyond its plaintext frames. */
export interface SealedStreamReports {
  /** Something the relay sent did not verify; it was not shown. */
  rejected(message: string): void;
  /** The session is sealed under a content key this device does not hold. */
  locked(message: string): void;
}

/**
 * Puts a stream cipher between one relay WebSocket and the session stream: frames from the relay are
 * opened (in arrival order, although Web Crypto answers asynchronously) before the stream sees them, and
 * frames to the relay are sealed. What does not verify never reaches the stream; the socket is closed so
 * the stream resubscribes, after its backoff, from the cursor it still has.
 */
export function sealStream(
  sessionId: string,
  keyring: Keyring,
  reports: SealedStreamReports,
  handlers: SocketHandlers,
  connect: (handlers: SocketHandlers) => Promise<StreamSocket>,
): Promise<StreamSocket> {
  const cipher = new StreamCipher(sessionId, keyring);
  let incoming = Promise.resolve();
  let outgoing = Promise.resolve();
  let locked = false;
  let socket: StreamSocket | null = null;
  const receive = async (text: string) => {
    let raw: SealedDeviceFrame;
    try {
      raw = JSON.parse(text) as SealedDeviceFrame;
    } catch {
      return; // not a frame; the session stream would ignore it too
    }
    if (locked && raw.type !== "ping" && raw.type !== "pong" && raw.type !== "presence") return;
    const opened = await cipher.incoming(raw);
    if (opened.kind === "locked") {
      locked = true;
      reports.locked(opened.message);
      return;
    }
    for (const frame of opened.frames) handlers.message(JSON.stringify(frame));
    if (opened.kind === "rejected") {
      reports.rejected(opened.message);
      socket?.close();
    }
  };
  const send = async (raw: StreamSocket, text: string) => {
    try {
      raw.send(JSON.stringify(await cipher.outgoing(JSON.parse(text) as ClientFrame)));
    } catch {
      // an input with no session key to seal it (a locked session): it stays pending, unsent
    }
  };
  return connect({
    message: (text) => {
      incoming = incoming.then(() => receive(text)).catch(() => undefined);
    },
    closed: () => {
      incoming = incoming.then(() => handlers.closed());
    },
  }).then((raw) => {
    socket = raw;
    return {
      send: (text) => {
        outgoing = outgoing.then(() => send(raw, text));
      },
      close: () => raw.close(),
    };
  });
}
