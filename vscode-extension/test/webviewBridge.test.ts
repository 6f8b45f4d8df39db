import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendApi, ConnectionStatus, Input, SessionList, SessionOpened } from '../src/backend/protocol';
import { WebviewBridge, type BridgeHost } from '../src/panels/webviewBridge';

const opened = (sessionId: string): SessionOpened => ({
  sessionId,
  cursor: { epoch: 'e1', seq: 2 },
  snapshot: { title: 'fix the build', processing: false, pendingPermissions: [], online: true },
  events: [
    { seq: 1, ts: '2026-01-01T10:00:00Z', type: 'user_message', text: 'fix the build' },
    { seq: 2, ts: '2026-01-01T10:00:01Z', type: 'status', processing: false },
  ],
});

const summary = (id: string): SessionList['sessions'][number] => ({
  id,
  title: id,
  online: false,
  processing: false,
  pendingPermissions: 0,
});

/** A backend that records every request and answers from a script; `fail` makes the named request throw. */
function harness(options: { current?: string; fail?: keyof BackendApi; status?: ConnectionStatus } = {}) {
  const requests: [string, unknown][] = [];
  const posted: object[] = [];
  const failures: string[] = [];
  const focused: string[] = [];
  const pairings: string[] = [];
  const answer = <T>(method: keyof BackendApi, params: unknown, value: T): Promise<T> => {
    requests.push([method, params]);
    return options.fail === method ? Promise.reject(new Error(`${method} refused`)) : Promise.resolve(value);
  };
  const backend: BackendApi = {
    startRemoteControl: (params) => answer('startRemoteControl', params, { sessionId: 's', url: 'u', qrText: '', qrSvg: '' }),
    stopRemoteControl: (params) => answer('stopRemoteControl', params, undefined),
    listSessions: () => answer('listSessions', {}, { sessions: [summary('sess-1'), summary('sess-2')] }),
    openSession: (params) => answer('openSession', params, opened(params.sessionId ?? 'folder-session')),
    sendInput: (params) => answer('sendInput', params, undefined),
    devices: () => answer('devices', {}, { devices: [{ id: 'dev_1', name: 'Pixel 7' }] }),
  };
  const host: BridgeHost = {
    backend,
    post: (message) => posted.push(message),
    currentSessionId: () => options.current,
    opened: (sessionId) => focused.push(sessionId),
    showPairing: async (sessionId) => {
      if (options.fail === 'startRemoteControl') throw new Error('startRemoteControl refused');
      pairings.push(sessionId);
    },
    connectionStatus: () => options.status ?? { state: 'off' },
    failed: (what, error) => failures.push(`${what}: ${(error as Error).message}`),
  };
  return { bridge: new WebviewBridge(host), requests, posted, failures, focused, pairings };
}

describe('WebviewBridge', () => {
  it('shows a pairing code in the editor for /mobile typed in the panel, and nothing goes to the session', async () => {
    const h = harness();
    await h.bridge.receive({ type: 'showPairing', sessionId: 'sess-1' });
    assert.deepEqual(h.pairings, ['sess-1']);
    assert.deepEqual(h.requests, []);
    assert.deepEqual(h.posted, []);
  });

  it('says when the pairing code cannot be shown', async () => {
    const h = harness({ fail: 'startRemoteControl' });
    await h.bridge.receive({ type: 'showPairing', sessionId: 'sess-1' });
    assert.deepEqual(h.failures, ['showing a pairing code: startRemoteControl refused']);
  });

  it('answers ready with the current session, then the Remote Control state', async () => {
    const status: ConnectionStatus = { state: 'online', url: 'http://relay/s/sess-1' };
    const h = harness({ current: 'sess-1', status });
    await h.bridge.receive({ type: 'ready' });
    assert.deepEqual(h.requests, [['openSession', { sessionId: 'sess-1' }]]);
    assert.deepEqual(h.posted, [
      { type: 'opened', ...opened('sess-1') },
      { type: 'connection', state: 'online', url: 'http://relay/s/sess-1', detail: undefined },
    ]);
    assert.deepEqual(h.focused, ['sess-1']);
  });

  it("resumes the folder's latest session on ready when none is in focus, rather than making a new one", async () => {
    const h = harness();
    await h.bridge.receive({ type: 'ready' });
    assert.deepEqual(h.requests, [['openSession', { resume: true }]]);
    assert.deepEqual(h.focused, ['folder-session']);
  });

  it('answers openSession with the requestId and puts that session in focus', async () => {
    const h = harness({ current: 'sess-1' });
    await h.bridge.receive({ type: 'openSession', requestId: 'r7', sessionId: 'sess-2' });
    assert.deepEqual(h.requests, [['openSession', { sessionId: 'sess-2' }]]);
    assert.deepEqual(h.posted, [{ type: 'opened', requestId: 'r7', ...opened('sess-2') }]);
    assert.deepEqual(h.focused, ['sess-2']);
  });

  it('answers listSessions with the sessions and the requestId', async () => {
    const h = harness();
    await h.bridge.receive({ type: 'listSessions', requestId: 'r1' });
    assert.deepEqual(h.posted, [{ type: 'sessions', requestId: 'r1', sessions: [summary('sess-1'), summary('sess-2')] }]);
  });

  it('answers devices with the names and the requestId', async () => {
    const h = harness();
    await h.bridge.receive({ type: 'devices', requestId: 'r4' });
    assert.deepEqual(h.requests, [['devices', {}]]);
    assert.deepEqual(h.posted, [{ type: 'devices', requestId: 'r4', devices: [{ id: 'dev_1', name: 'Pixel 7' }] }]);
  });

  it('answers a failed devices with none known, at once, and no failure to report (names are a nicety)', async () => {
    const h = harness({ fail: 'devices' });
    await h.bridge.receive({ type: 'devices', requestId: 'r5' });
    assert.deepEqual(h.posted, [{ type: 'devices', requestId: 'r5', devices: [] }]);
    assert.deepEqual(h.failures, []);
  });

  it('forwards sendInput as is and says nothing on success', async () => {
    const h = harness();
    const input: Input = { kind: 'message', text: '!echo hi' };
    await h.bridge.receive({ type: 'sendInput', sessionId: 'sess-1', inputId: 'in-1', input });
    assert.deepEqual(h.requests, [['sendInput', { sessionId: 'sess-1', inputId: 'in-1', input }]]);
    assert.deepEqual(h.posted, []);
  });

  it('answers a failed sendInput with inputFailed for that inputId', async () => {
    const h = harness({ fail: 'sendInput' });
    await h.bridge.receive({ type: 'sendInput', sessionId: 'sess-1', inputId: 'in-9', input: { kind: 'interrupt' } });
    assert.deepEqual(h.posted, [{ type: 'inputFailed', inputId: 'in-9', message: 'sendInput refused' }]);
  });

  it('reports failed opens and lists to the host instead of leaving them unanswered silently', async () => {
    const h = harness({ fail: 'openSession' });
    await h.bridge.receive({ type: 'openSession', requestId: 'r2', sessionId: 'gone' });
    assert.deepEqual(h.failures, ['opening the session: openSession refused']);
    assert.deepEqual(h.posted, []);
    const l = harness({ fail: 'listSessions' });
    await l.bridge.receive({ type: 'listSessions', requestId: 'r3' });
    assert.deepEqual(l.failures, ['listing the sessions: listSessions refused']);
  });

  it('refuses malformed messages without calling the backend', async () => {
    const h = harness();
    const malformed = [
      null,
      'ready',
      { type: 'nope' },
      { type: 'listSessions' },
      { type: 'devices' },
      { type: 'devices', requestId: 7 },
      { type: 'openSession', requestId: 'r', sessionId: 5 },
      { type: 'sendInput', sessionId: 's', inputId: 'i' },
      { type: 'sendInput', sessionId: 's', inputId: 'i', input: { text: 'no kind' } },
      { type: 'sendInput', sessionId: 's', input: { kind: 'message', text: 'no inputId' } },
    ];
    for (const message of malformed) await h.bridge.receive(message);
    assert.deepEqual(h.requests, []);
    assert.equal(h.failures.length, malformed.length);
  });

  it('opens the shown session again, unasked, when the backend was restarted', async () => {
    const h = harness({ current: 'sess-1' });
    await h.bridge.backendRestarted();
    assert.deepEqual(h.requests, [], 'nothing shown yet, nothing to reopen');
    await h.bridge.receive({ type: 'ready' });
    await h.bridge.receive({ type: 'openSession', requestId: 'r1', sessionId: 'sess-2' });
    h.posted.length = 0;
    await h.bridge.backendRestarted();
    assert.deepEqual(h.requests.at(-1), ['openSession', { sessionId: 'sess-2' }]);
    assert.deepEqual(h.posted, [{ type: 'opened', ...opened('sess-2') }]);
  });

  it('pushes session events, deltas and connection changes in the webview protocol', () => {
    const h = harness();
    h.bridge.sessionEvent({ sessionId: 'sess-1', event: { seq: 3, ts: '2026-01-01T10:00:02Z', type: 'notice', text: 'hi' } });
    h.bridge.delta({ sessionId: 'sess-1', messageId: 'm1', text: 'Hel' });
    h.bridge.connection({ state: 'off', reason: 'offline_limit', detail: 'relay unreachable' });
    assert.deepEqual(h.posted, [
      { type: 'event', sessionId: 'sess-1', event: { seq: 3, ts: '2026-01-01T10:00:02Z', type: 'notice', text: 'hi' } },
      { type: 'delta', sessionId: 'sess-1', messageId: 'm1', text: 'Hel' },
      { type: 'connection', state: 'off', url: undefined, detail: 'relay unreachable' },
    ]);
  });
});
