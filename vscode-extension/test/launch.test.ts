import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backendCommand, backendJar, initializationOptions } from '../src/backend/launch';

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

describe('initialization options', () => {
  it('leave the offline limit to the backend when the setting is empty', () => {
    for (const setting of [undefined, '', '   ']) {
      assert.deepEqual(initializationOptions(setting, false), { workspaceTrusted: false });
    }
  });

  it('pass the offline limit setting as offlineTimeout, trimmed', () => {
    assert.deepEqual(initializationOptions(' 30s ', true), { offlineTimeout: '30s', workspaceTrusted: true });
    assert.deepEqual(initializationOptions('1h30m', false), { offlineTimeout: '1h30m', workspaceTrusted: false });
  });

  it("carry VS Code's workspace trust as workspaceTrusted", () => {
    assert.equal(initializationOptions(undefined, true).workspaceTrusted, true);
    assert.equal(initializationOptions(undefined, false).workspaceTrusted, false);
  });
});

describe('the offline limit setting', () => {
  // npm test runs in vscode-extension/, next to the manifest that declares the setting.
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const setting = manifest.contributes.configuration.properties['baton.remoteControl.offlineTimeout'];
  const pattern = new RegExp(setting.pattern);

  it('defaults to empty: the backend decides', () => {
    assert.equal(setting.type, 'string');
    assert.equal(setting.default, '');
  });

  it('accepts what the backend reads as a positive duration, and empty', () => {
    for (const value of ['', ' ', '30s', '10m', '1h', '1h30m', '2500ms', '0m45s', ' 10m ']) {
      assert.ok(pattern.test(value), `should accept '${value}'`);
    }
  });

  it('refuses what the backend would refuse', () => {
    for (const value of ['10', 'm', '10 m', '10min', '1.5h', '-5m', '0s', '0m0s', '10m,', 'ten minutes']) {
      assert.ok(!pattern.test(value), `should refuse '${value}'`);
    }
  });
});
