import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  backendCommand,
  backendJar,
  classDataArchive,
  discardUnusableArchive,
  initializationOptions,
  jvmFlags,
  missingBackend,
} from '../src/backend/launch';

describe('backend launch', () => {
  it('runs the jar shipped in the extension', () => {
    assert.equal(backendJar('/ext'), join('/ext', 'server', 'baton.jar'));
  });

  it('runs `java -jar baton.jar lsp`, leaving the relay to the backend when the setting is empty', () => {
    for (const relay of [undefined, '', '   ']) {
      assert.deepEqual(backendCommand('/jdk/bin/java', '/ext/server/baton.jar', relay, '/ext/server/baton-lsp.jsa'), {
        command: '/jdk/bin/java',
        args: [...jvmFlags('/ext/server/baton-lsp.jsa'), '-jar', '/ext/server/baton.jar', 'lsp'],
      });
    }
  });

  it('passes the relay setting as --relay', () => {
    assert.deepEqual(backendCommand('java', 'b.jar', ' https://relay.example.com ', undefined).args, [
      ...jvmFlags(undefined),
      '-jar',
      'b.jar',
      'lsp',
      '--relay',
      'https://relay.example.com',
    ]);
  });

  it('shares class data through an archive beside the jar, and keeps JVM warnings off stdout either way', () => {
    const flags = jvmFlags('/a.jsa');
    assert.ok(flags.includes('-XX:SharedArchiveFile=/a.jsa'));
    assert.ok(flags.includes('-XX:+AutoCreateSharedArchive'));
    assert.deepEqual(jvmFlags(undefined), ['-Xlog:disable', '-Xlog:all=warning:stderr', '-Xlog:cds*=off:stderr']);
    // Unified logging writes warnings to stdout unless told otherwise: first off, then to stderr.
    assert.ok(flags.indexOf('-Xlog:disable') < flags.indexOf('-Xlog:all=warning:stderr'));
  });

  it('names the missing jar and how to get it back, and says nothing while it is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-jar-'));
    try {
      const jar = join(dir, 'baton.jar');
      assert.equal(
        missingBackend(jar),
        `The Baton backend is missing from the extension: ${jar} does not exist. Reinstall the Baton extension.`,
      );
      writeFileSync(jar, 'PK');
      assert.equal(missingBackend(jar), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts the archive beside the jar, and none where it could not be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-jar-'));
    try {
      assert.equal(classDataArchive(join(dir, 'baton.jar')), join(dir, 'baton-lsp.jsa'));
      assert.equal(classDataArchive(join(dir, 'missing', 'baton.jar')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a class-data archive the JVM would ignore for good', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-cds-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const jar = join(dir, 'baton.jar');
  writeFileSync(jar, 'jar');
  utimesSync(jar, new Date(1_000_000), new Date(1_000_000));
  const magic = Buffer.alloc(8);
  if (endianness() === 'LE') magic.writeUInt32LE(0xf00baba8, 0);
  else magic.writeUInt32BE(0xf00baba8, 0);

  it('is deleted when its writing was cut short: no magic number, empty included', () => {
    for (const content of [Buffer.alloc(4096), Buffer.alloc(0), Buffer.from('garbage')]) {
      const archive = join(dir, 'cut.jsa');
      writeFileSync(archive, content);
      discardUnusableArchive(archive, jar);
      assert.equal(existsSync(archive), false);
    }
  });

  it('is deleted when the jar is newer than it', () => {
    const archive = join(dir, 'old.jsa');
    writeFileSync(archive, magic);
    utimesSync(archive, new Date(500_000), new Date(500_000));
    discardUnusableArchive(archive, jar);
    assert.equal(existsSync(archive), false);
  });

  it('is kept when it is a whole archive made after the jar, and a missing one is no error', () => {
    const archive = join(dir, 'whole.jsa');
    writeFileSync(archive, magic);
    discardUnusableArchive(archive, jar);
    assert.equal(existsSync(archive), true);
    discardUnusableArchive(join(dir, 'missing.jsa'), jar);
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
