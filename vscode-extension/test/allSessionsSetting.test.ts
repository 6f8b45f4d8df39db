import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { remoteControlForAllSessions } from '../src/remote/allSessionsSetting';

describe('Enable Remote Control for all sessions (config.json)', () => {
  const home = (content?: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-home-'));
    if (content !== undefined) writeFileSync(join(dir, 'config.json'), content);
    return dir;
  };

  it('is on when $BATON_HOME/config.json says remoteControlAllSessions: true', () => {
    assert.equal(remoteControlForAllSessions({ BATON_HOME: home('{"remoteControlAllSessions": true, "offlineTimeout": "5m"}') }), true);
  });

  it('is off when false, absent, not a boolean, or the file is missing or broken', () => {
    for (const content of ['{"remoteControlAllSessions": false}', '{}', '{"remoteControlAllSessions": "yes"}', '{broken', '[]']) {
      assert.equal(remoteControlForAllSessions({ BATON_HOME: home(content) }), false, content);
    }
    assert.equal(remoteControlForAllSessions({ BATON_HOME: home() }), false);
  });

  it('reads ~/.baton without BATON_HOME', () => {
    const user = mkdtempSync(join(tmpdir(), 'user-home-'));
    mkdirSync(join(user, '.baton'));
    writeFileSync(join(user, '.baton', 'config.json'), '{"remoteControlAllSessions": true}');
    assert.equal(remoteControlForAllSessions({}, user), true);
  });
});
