// A scripted phone: pairs through the session URL and types into the session over the relay's device
// protocol (docs/protocol.md §3), exactly as the web client does.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type {
  DeviceRegistration,
  DeviceToRelayUnion,
  Event,
  RelayToDeviceUnion,
  Ticket,
} from '../../protocol/target/generated-ts/protocol';
import { deadline } from './waiting';

/** The wire's committed event (generated from `protocol/`). */
export type SessionEvent = Event;

export class Device {
  readonly events: SessionEvent[] = [];
  readonly frames: string[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      const frame = JSON.parse(text) as RelayToDeviceUnion;
      if (frame.type === 'ping') send(socket, { type: 'pong' });
      if (frame.type === 'sync' || frame.type === 'events') this.events.push(...frame.events);
    });
  }

  /** Redeems the pairing code in `sessionUrl`'s fragment, then opens and subscribes the session's stream. */
  static async join(sessionUrl: string, deviceName: string): Promise<Device> {
    const url = new URL(sessionUrl);
    const pairingCode = new URLSearchParams(url.hash.slice(1)).get('pair');
    const sessionId = /^\/s\/([A-Za-z0-9_-]+)$/.exec(url.pathname)?.[1];
    if (!pairingCode || !sessionId) throw new Error(`not a session URL with a pairing code: ${sessionUrl}`);
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
    const device = new Device(socket);
    send(socket, { type: 'subscribe', cursor: null });
    await deadline(10_000, 'the relay to answer subscribe with sync', () =>
      device.frames.some((frame) => frame.includes('"type":"sync"')) ? true : undefined,
    () => device.frames.join('\n'));
    return device;
  }

  /** Sends a message input; resolves with its inputId. */
  sendMessage(text: string): string {
    const inputId = randomUUID();
    send(this.socket, { type: 'input', inputId, input: { kind: 'message', text } });
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
