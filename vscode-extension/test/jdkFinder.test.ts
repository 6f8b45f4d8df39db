import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultInstallRoots, findJdk, majorVersion, type JdkSearchOptions } from '../src/backend/jdkFinder';

const root = mkdtempSync(join(tmpdir(), 'baton-jdks-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A fake JDK home: bin/java, and a release file when a version is given. */
function jdk(home: string, releaseVersion?: string): string {
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'bin', 'java'), '');
  if (releaseVersion) writeFileSync(join(home, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${releaseVersion}"\n`);
  return home;
}

const jvm = join(root, 'jvm');
const jdk17 = jdk(join(jvm, 'jdk-17'), '17.0.9');
const jdk21 = jdk(join(jvm, 'jdk-21'), '21.0.5');
const jdk25 = jdk(join(jvm, 'temurin-25'), '25');
mkdirSync(join(jvm, 'not-a-jdk'), { recursive: true });
const onlyJava17 = jdk(join(root, 'only', 'jdk-17'), '17.0.2');
const macJdk = jdk(join(root, 'mac', 'temurin-21.jdk', 'Contents', 'Home'), '21.0.1');
// No release file: the version must come from running it.
const noRelease = join(root, 'bare', 'jdk');
mkdirSync(join(noRelease, 'bin'), { recursive: true });
writeFileSync(
  join(noRelease, 'bin', 'java'),
  '#!/bin/sh\necho \'openjdk version "22.0.1" 2024-04-16\' >&2\necho "OpenJDK Runtime Environment" >&2\n',
);
chmodSync(join(noRelease, 'bin', 'java'), 0o755);

const options = (overrides: Partial<JdkSearchOptions>): JdkSearchOptions => ({
  installRoots: [{ parent: jvm }],
  platform: 'linux',
  ...overrides,
});

describe('findJdk', () => {
  it('picks the newest JDK in the install folders', async () => {
    const found = await findJdk(options({}));
    assert.equal(found.jdk?.home, jdk25);
    assert.equal(found.jdk?.version, 25);
    assert.equal(found.jdk?.java, join(jdk25, 'bin', 'java'));
    assert.ok(found.rejected.some((reason) => reason.includes('jdk-17') && reason.includes('Java 17')), found.rejected.join());
    assert.ok(found.rejected.some((reason) => reason.includes('not-a-jdk') && reason.includes('no bin/java')));
  });

  it('takes baton.java.home over JAVA_HOME and every install', async () => {
    const found = await findJdk(options({ configuredHome: jdk21, javaHome: jdk25 }));
    assert.equal(found.jdk?.home, jdk21);
    assert.equal(found.jdk?.source, 'baton.java.home');
  });

  it('reports a baton.java.home that is too old instead of quietly using another JDK', async () => {
    const found = await findJdk(options({ configuredHome: jdk17 }));
    assert.equal(found.jdk, undefined);
    assert.ok('problem' in found);
    assert.match(found.problem, /baton\.java\.home .*jdk-17.* is not a JDK 21 or newer: Java 17/);
    // Another JDK is installed, but only clearing the setting lets Baton find it.
    assert.equal(
      found.advice,
      'Set it to the folder of a JDK 21 or newer, or clear it to let Baton look in JAVA_HOME and the usual install folders.',
    );
  });

  it('reports a baton.java.home that holds no java', async () => {
    const found = await findJdk(options({ configuredHome: join(root, 'nowhere') }));
    assert.ok('problem' in found && /no bin\/java/.test(found.problem));
  });

  it('takes JAVA_HOME over a newer install when it is new enough', async () => {
    const found = await findJdk(options({ javaHome: jdk21 }));
    assert.equal(found.jdk?.home, jdk21);
    assert.equal(found.jdk?.source, 'JAVA_HOME');
  });

  it('passes over a JAVA_HOME that is too old, saying so', async () => {
    const found = await findJdk(options({ javaHome: jdk17 }));
    assert.equal(found.jdk?.home, jdk25);
    assert.ok(found.rejected[0]?.startsWith(`JAVA_HOME ${jdk17}: Java 17`), found.rejected.join());
  });

  it('runs java -version when there is no release file', async () => {
    const found = await findJdk(options({ installRoots: [{ parent: join(root, 'bare') }] }));
    assert.equal(found.jdk?.home, noRelease);
    assert.equal(found.jdk?.version, 22);
  });

  it('looks below each child for macOS bundles', async () => {
    const found = await findJdk(options({ installRoots: [{ parent: join(root, 'mac'), inner: 'Contents/Home' }] }));
    assert.equal(found.jdk?.home, macJdk);
  });

  it('says what to do and what it checked when nothing fits', async () => {
    const found = await findJdk(
      options({ javaHome: join(root, 'missing'), installRoots: [{ parent: join(root, 'only') }, { parent: join(root, 'absent') }] }),
    );
    assert.ok('problem' in found);
    assert.match(found.problem, /needs a JDK 21 or newer/);
    assert.match(found.advice, /^Install a JDK 21 or newer .*set baton\.java\.home to its folder\.$/);
    assert.deepEqual(found.rejected, [`JAVA_HOME ${join(root, 'missing')}: no bin/java`, `${onlyJava17}: Java 17`]);
  });
});

describe('majorVersion', () => {
  it('reads the feature release of every version scheme', () => {
    assert.equal(majorVersion('1.8.0_402'), 8);
    assert.equal(majorVersion('21'), 21);
    assert.equal(majorVersion('21.0.2+13-LTS'), 21);
    assert.equal(majorVersion('25-ea'), 25);
    assert.equal(majorVersion('garbage'), undefined);
  });
});

describe('defaultInstallRoots', () => {
  it('knows the Linux, macOS and Windows install folders and the JDK managers in the home folder', () => {
    const linux = defaultInstallRoots('linux', '/home/ada', {});
    assert.deepEqual(linux[0], { parent: '/usr/lib/jvm' });
    assert.ok(linux.some((r) => r.parent === join('/home/ada', '.sdkman', 'candidates', 'java')));
    const mac = defaultInstallRoots('darwin', '/Users/ada', {});
    assert.deepEqual(mac[0], { parent: '/Library/Java/JavaVirtualMachines', inner: 'Contents/Home' });
    const windows = defaultInstallRoots('win32', 'C:\\Users\\ada', { ProgramFiles: 'D:\\Apps' });
    assert.ok(windows.some((r) => r.parent === join('D:\\Apps', 'Eclipse Adoptium')));
  });
});
