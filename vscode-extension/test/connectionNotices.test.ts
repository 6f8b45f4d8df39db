import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionStatus } from '../src/backend/protocol';
import { ConnectionNotices, OPEN_RELAY_SETTING, START_AGAIN } from '../src/remote/connectionNotices';

/** Records each warning and answers it with a scripted choice. */
function fakeUi(answer: string | undefined) {
  const shown: { message: string; actions: string[] }[] = [];
  return {
    shown,
    showWarning(message: string, ...actions: string[]) {
      shown.push({ message, actions });
      return Promise.resolve(answer);
    },
  };
}

describe('ConnectionNotices', () => {
  const offlineLimit: ConnectionStatus = {
    state: 'off',
    reason: 'offline_limit',
    detail: 'the relay was unreachable for 10 minutes',
  };

  it('warns with "Start Again" when the offline limit turned Remote Control off, and starts again on it', async () => {
    const ui = fakeUi(START_AGAIN);
    let starts = 0;
    await new ConnectionNotices(ui, async () => void starts++, async () => undefined).onStatus(offlineLimit);
    assert.equal(ui.shown.length, 1);
    assert.deepEqual(ui.shown[0]?.actions, ['Start Again']);
    assert.match(ui.shown[0]?.message ?? '', /Remote Control turned off: the relay was unreachable for 10 minutes/);
    assert.equal(starts, 1);
  });

  it('does not start again when the warning is dismissed', async () => {
    const ui = fakeUi(undefined);
    let starts = 0;
    await new ConnectionNotices(ui, async () => void starts++, async () => undefined).onStatus(offlineLimit);
    assert.equal(ui.shown.length, 1);
    assert.equal(starts, 0);
  });

  it('explains itself without a detail', async () => {
    const ui = fakeUi(undefined);
    await new ConnectionNotices(ui, async () => undefined, async () => undefined).onStatus({ state: 'off', reason: 'offline_limit' });
    assert.match(ui.shown[0]?.message ?? '', /could not be reached for too long/);
  });

  it('stays quiet for every other status, including a plain stop', async () => {
    const ui = fakeUi(START_AGAIN);
    let starts = 0;
    const notices = new ConnectionNotices(ui, async () => void starts++, async () => undefined);
    const quiet: ConnectionStatus[] = [
      { state: 'off' },
      // A reason this extension does not know yet (a newer backend's).
      { state: 'off', reason: 'something_else' as unknown as ConnectionStatus['reason'] },
      { state: 'connecting' },
      { state: 'online', url: 'http://127.0.0.1:7420/s/x' },
      { state: 'reconnecting', reason: 'offline_limit' },
      { state: 'offline', detail: 'refused' },
    ];
    for (const status of quiet) await notices.onStatus(status);
    assert.deepEqual(ui.shown, []);
    assert.equal(starts, 0);
  });

  const portTaken: ConnectionStatus = {
    state: 'reconnecting',
    reason: 'port_taken',
    detail: "the embedded relay's port 7420 on 127.0.0.1 is taken by something that is not a Baton relay",
  };

  it('warns once the backend says a stranger holds the relay port, and opens the relay setting on request', async () => {
    const ui = fakeUi(OPEN_RELAY_SETTING);
    let opened = 0;
    let starts = 0;
    await new ConnectionNotices(ui, async () => void starts++, async () => void opened++).onStatus(portTaken);
    assert.equal(ui.shown.length, 1);
    assert.deepEqual(ui.shown[0]?.actions, [OPEN_RELAY_SETTING]);
    assert.match(ui.shown[0]?.message ?? '', /cannot reach its relay: the embedded relay's port 7420 .* is taken/);
    assert.match(ui.shown[0]?.message ?? '', /baton\.relay\.url/);
    assert.equal(opened, 1);
    assert.equal(starts, 0);
  });

  it('leaves the setting alone when the port warning is dismissed', async () => {
    const ui = fakeUi(undefined);
    let opened = 0;
    await new ConnectionNotices(ui, async () => undefined, async () => void opened++).onStatus(portTaken);
    assert.equal(ui.shown.length, 1);
    assert.equal(opened, 0);
  });
});
