import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backendCommand, backendJar } from '../src/backend/launch';

describe('backend launch', () => {
  it('runs the jar shipped in the extension', () => {
    assert.equal(backendJar('/ext'), join('/ext', 'server', 'baton.jar'));
  });

  it('runs `java -jar baton.jar lsp`, leaving the relay to the backend when the setting is empty', () => {
    for (const relay of [undefined, '', '   ']) {
      assert.deepEqual(backendCommand('/jdk/bin/java', '/ext/server/baton.jar', relay), {
        command: '/jdk/bin/java',
        args: ['-jar', '/ext/server/baton.jar', 'lsp'],
      });
    }
  });

  it('passes the relay setting as --relay', () => {
    assert.deepEqual(backendCommand('java', 'b.jar', ' https://relay.example.com ').args, [
      '-jar',
      'b.jar',
      'lsp',
      '--relay',
      'https://relay.example.com',
    ]);
  });
});
