import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionState } from '../src/backend/protocol';
import { ACTION_LABELS, presentStatus } from '../src/remote/statusPresentation';

describe('presentStatus', () => {
  const states: ConnectionState[] = ['off', 'connecting', 'online', 'reconnecting', 'offline'];

  it('names every state after the broadcast icon', () => {
    for (const state of states) {
      assert.equal(presentStatus({ state }).text, `$(broadcast) Remote Control: ${state}`);
    }
  });

  it('colours reconnecting as a warning and offline as an error, the rest not at all', () => {
    assert.deepEqual(
      states.map((state) => presentStatus({ state }).background),
      [undefined, undefined, undefined, 'statusBarItem.warningBackground', 'statusBarItem.errorBackground'],
    );
  });

  it('puts the session URL and the reason in the tooltip', () => {
    const url = 'http://127.0.0.1:7420/s/abcdefgh';
    assert.match(presentStatus({ state: 'online', url }).tooltip, /Remote Control is online\nhttp:\/\/127\.0\.0\.1:7420\/s\/abcdefgh/);
    const offline = presentStatus({ state: 'offline', url, detail: 'Remote Control requires a full-scope login token' });
    assert.ok(offline.tooltip.includes(url), offline.tooltip);
    assert.ok(offline.tooltip.includes('requires a full-scope login token'), offline.tooltip);
  });

  it('offers to start only when off or offline, and to stop whenever something runs', () => {
    const starts = states.filter((state) => presentStatus({ state }).actions.includes('baton.startRemoteControl'));
    const stops = states.filter((state) => presentStatus({ state }).actions.includes('baton.stopRemoteControl'));
    assert.deepEqual(starts, ['off', 'offline']);
    assert.deepEqual(stops, ['connecting', 'online', 'reconnecting', 'offline']);
  });

  it('offers the link and QR code while a session is hosted, first when online', () => {
    const online = presentStatus({ state: 'online' }).actions;
    assert.deepEqual(online.slice(0, 3), ['baton.showQrCode', 'baton.copySessionUrl', 'baton.openInBrowser']);
    assert.ok(!presentStatus({ state: 'off' }).actions.includes('baton.showQrCode'));
  });

  it('lets the session panel open in every state, each action with a label', () => {
    for (const state of states) {
      const { actions } = presentStatus({ state });
      assert.ok(actions.includes('baton.openSessionPanel'), state);
      assert.equal(new Set(actions).size, actions.length, `${state}: duplicate actions`);
      for (const action of actions) assert.ok(ACTION_LABELS[action], action);
    }
  });
});
