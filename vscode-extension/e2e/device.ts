// A scripted phone: pairs through the session URL and types into the session over the relay's device
// protocol, exactly as the web client does: with the content key from the URL's fragment it unwraps the
// session's key, opens every sealed event and seals what it types (protocol version 2).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type {
  DeviceRegistration,
  DeviceToRelayUnion,
  Event,
  RelayToDeviceUnion,
  SealedEvent,
  SessionKey,
  Ticket,
} from '../../protocol/target/generated-ts/protocol';
import { aad, openBlob, sealBlob } from './seal';
import { deadline } from './waiting';

/** The wire's committed event (generated from `protocol/`). */
export type SessionEvent = Event;

export class Device {
  readonly events: SessionEvent[] = [];
  readonly frames: string[] = [];
  private dataKey: Buffer | undefined;
  private epoch: string | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly sessionId: string,
    private readonly contentKey: Buffer,
  ) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      const frame = JSON.parse(text) as RelayToDeviceUnion;
      if (frame.type === 'ping') send(socket, { type: 'pong' });
      if (frame.type === 'sync') {
        this.epoch = frame.epoch ?? undefined;
        if (frame.key) this.dataKey = this.unwrap(frame.key);
        if (frame.status === 'gap') this.events.length = 0;
      }
      if (frame.type === 'sync' || frame.type === 'events') this.events.push(...frame.events.map((event) => this.open(event)));
    });
  }

  private unwrap(key: SessionKey): Buffer {
    return openBlob(this.contentKey, key.wrapped, aad.sessionKey(this.sessionId, key.kid));
  }

  /** The event as the backend logged it; throws when it does not open under its clear header. */
  private open(event: SealedEvent): SessionEvent {
    const { sealed, ...header } = event;
    if (!sealed) return header as unknown as SessionEvent;
    if (!this.dataKey || this.epoch === undefined) throw new Error(`no session key to open event ${event.seq}`);
    const associatedData = aad.event(this.sessionId, this.epoch, event.seq, event.type, event.inputId, event.origin);
    const body = JSON.parse(openBlob(this.dataKey, sealed, associatedData).toString('utf8')) as object;
    return { ...header, ...body } as unknown as SessionEvent;
  }

  /** Redeems the pairing code in `sessionUrl`'s fragment, then opens and subscribes the session's stream. */
  static async join(sessionUrl: string, deviceName: string): Promise<Device> {
    const url = new URL(sessionUrl);
    const fragment = new URLSearchParams(url.hash.slice(1));
    const pairingCode = fragment.get('pair');
    const key = fragment.get('key');
    const sessionId = /^\/s\/([A-Za-z0-9_-]+)$/.exec(url.pathname)?.[1];
    if (!pairingCode || !key || !sessionId) throw new Error(`not a session URL with a pairing code and key: ${sessionUrl}`);
    const { deviceToken } = await post<DeviceRegistration>(`${url.origin}/v1/pairings/redeem`, {
      pairingCode,
      deviceName,
    });
    const { ticket } = await post<Ticket>(`${url.origin}/v1/sessions/${sessionId}/tickets`, {}, deviceToken);
    const socket = new WebSocket(
      `${url.origin.replace(/^http/, 'ws')}/v1/sessions/${sessionId}/client?ticket=${encodeURIComponent(ticket)}`,
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const device = new Device(socket, sessionId, Buffer.from(key, 'base64url'));
    send(socket, { type: 'subscribe', cursor: null, protocol: 2 });
    await deadline(10_000, 'the relay to answer subscribe with sync', () =>
      device.frames.some((frame) => frame.includes('"type":"sync"')) ? true : undefined,
    () => device.frames.join('\n'));
    return device;
  }

  /** Sends a message input; resolves with its inputId. */
  sendMessage(text: string): string {
    const inputId = randomUUID();
    if (!this.dataKey) throw new Error('no session key to seal an input with yet');
    const sealed = sealBlob(this.dataKey, JSON.stringify({ kind: 'message', text }), aad.input(this.sessionId, inputId));
    send(this.socket, { type: 'input', inputId, sealed });
    return inputId;
  }

  /** Waits until the session committed an event stamped with `inputId` that `matches`. */
  waitForEvent(inputId: string, matches: (event: SessionEvent) => boolean, timeoutMs: number): Promise<SessionEvent> {
    return deadline(
      timeoutMs,
      `an event for input ${inputId}`,
      () => this.events.find((event) => event.inputId === inputId && matches(event)),
      () => `events so far: ${JSON.stringify(this.events)}\nframes: ${this.frames.slice(-5).join('\n')}`,
    );
  }

  /** Waits until the session committed an event of `type` that `matches`, whoever caused it. */
  waitForType<T extends SessionEvent['type']>(
    type: T,
    matches: (event: Extract<SessionEvent, { type: T }>) => boolean,
    timeoutMs: number,
  ): Promise<Extract<SessionEvent, { type: T }>> {
    const ofType = (event: SessionEvent): event is Extract<SessionEvent, { type: T }> => event.type === type;
    return deadline(
      timeoutMs,
      `a ${type} event`,
      () => this.events.filter(ofType).find(matches),
      () => `events so far: ${JSON.stringify(this.events)}`,
    );
  }

  close(): void {
    this.socket.close();
  }
}

function send(socket: WebSocket, frame: DeviceToRelayUnion): void {
  socket.send(JSON.stringify(frame));
}

async function post<T>(url: string, body: object, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
