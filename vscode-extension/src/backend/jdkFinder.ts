import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The backend is compiled for Java 21. */
export const MINIMUM_JAVA = 21;

export interface Jdk {
  home: string;
  java: string;
  version: number;
  /** Where it was found, for the log: the setting, JAVA_HOME, or an install folder. */
  source: string;
}

export type JdkSearch =
  | { jdk: Jdk; rejected: string[] }
  | {
      jdk?: undefined;
      problem: string;
      /** What the user can do about it, which differs when the setting is what stands in the way. */
      advice: string;
      rejected: string[];
    };

/** A folder whose every child may be a JDK home, possibly below a fixed path (macOS: Contents/Home). */
export interface InstallRoot {
  parent: string;
  inner?: string;
}

export interface JdkSearchOptions {
  /** The `baton.java.home` setting; when set it is the only candidate, so a wrong value is reported, not hidden. */
  configuredHome?: string;
  javaHome?: string;
  installRoots: InstallRoot[];
  platform: NodeJS.Platform;
}

/** Where JDK installers and managers put JDKs on each platform. */
export function defaultInstallRoots(platform: NodeJS.Platform, homeDir: string, env: NodeJS.ProcessEnv): InstallRoot[] {
  const everywhere: InstallRoot[] = [
    { parent: join(homeDir, '.sdkman', 'candidates', 'java') },
    { parent: join(homeDir, '.jdks') },
  ];
  switch (platform) {
    case 'darwin':
      return [
        { parent: '/Library/Java/JavaVirtualMachines', inner: 'Contents/Home' },
        { parent: join(homeDir, 'Library', 'Java', 'JavaVirtualMachines'), inner: 'Contents/Home' },
        ...everywhere,
      ];
    case 'win32': {
      const programFiles = [env['ProgramFiles'] ?? 'C:\\Program Files', env['ProgramW6432']].filter(
        (dir): dir is string => !!dir,
      );
      const vendors = ['Java', 'Eclipse Adoptium', 'Microsoft', 'Zulu', 'Amazon Corretto', 'BellSoft', 'Semeru'];
      return [
        ...[...new Set(programFiles)].flatMap((dir) => vendors.map((vendor) => ({ parent: join(dir, vendor) }))),
        ...everywhere,
      ];
    }
    default:
      return [{ parent: '/usr/lib/jvm' }, { parent: '/usr/java' }, { parent: '/opt/java' }, ...everywhere];
  }
}

/**
 * Finds a JDK 21+: the setting if given (and only it), else JAVA_HOME if it is new enough, else the
 * newest one in the install roots.
 */
export async function findJdk(options: JdkSearchOptions): Promise<JdkSearch> {
  const rejected: string[] = [];
  const configured = options.configuredHome?.trim();
  if (configured) {
    const checked = await checkHome(configured, 'baton.java.home', options.platform);
    if ('jdk' in checked) return { jdk: checked.jdk, rejected };
    return {
      problem: `The setting baton.java.home (${configured}) is not a JDK ${MINIMUM_JAVA} or newer: ${checked.reason}.`,
      // While it is set nothing else is tried, so a JDK in JAVA_HOME or an install folder is no help until it is cleared.
      advice: `Set it to the folder of a JDK ${MINIMUM_JAVA} or newer, or clear it to let Baton look in JAVA_HOME and the usual install folders.`,
      rejected: [`${configured}: ${checked.reason}`],
    };
  }
  if (options.javaHome?.trim()) {
    const checked = await checkHome(options.javaHome.trim(), 'JAVA_HOME', options.platform);
    if ('jdk' in checked) return { jdk: checked.jdk, rejected };
    rejected.push(`JAVA_HOME ${options.javaHome}: ${checked.reason}`);
  }
  let best: Jdk | undefined;
  for (const home of installedHomes(options.installRoots)) {
    const checked = await checkHome(home, home, options.platform);
    if (!('jdk' in checked)) {
      rejected.push(`${home}: ${checked.reason}`);
    } else if (!best || checked.jdk.version > best.version) {
      best = checked.jdk;
    }
  }
  if (best) return { jdk: best, rejected };
  return {
    problem: `Baton needs a JDK ${MINIMUM_JAVA} or newer to run its backend, and none was found.`,
    advice: `Install a JDK ${MINIMUM_JAVA} or newer (for example Eclipse Temurin ${MINIMUM_JAVA}) and, unless it is in JAVA_HOME or a usual place, set baton.java.home to its folder.`,
    rejected,
  };
}

function installedHomes(roots: InstallRoot[]): string[] {
  return roots.flatMap((root) => {
    if (!isDirectory(root.parent)) return [];
    return readdirSync(root.parent)
      .sort()
      .map((child) => (root.inner ? join(root.parent, child, root.inner) : join(root.parent, child)))
      .filter(isDirectory);
  });
}

type Checked = { jdk: Jdk } | { reason: string };

async function checkHome(home: string, source: string, platform: NodeJS.Platform): Promise<Checked> {
  const java = join(home, 'bin', platform === 'win32' ? 'java.exe' : 'java');
  if (!existsSync(java)) return { reason: `no ${join('bin', platform === 'win32' ? 'java.exe' : 'java')}` };
  const version = releaseFileVersion(home) ?? (await runtimeVersion(java));
  if (version === undefined) return { reason: 'cannot tell its version' };
  if (version < MINIMUM_JAVA) return { reason: `Java ${version}` };
  return { jdk: { home, java, version, source } };
}

/** Every JDK since 9 ships a `release` file with JAVA_VERSION="21.0.2" (8: "1.8.0_402"). */
function releaseFileVersion(home: string): number | undefined {
  const release = join(home, 'release');
  if (!existsSync(release)) return undefined;
  const match = /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(release, 'utf8'));
  return match?.[1] ? majorVersion(match[1]) : undefined;
}

/** `java -version` prints e.g. `openjdk version "21.0.2" 2024-01-16` on stderr. */
function runtimeVersion(java: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(java, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      const match = /version "([^"]+)"/.exec(`${stderr}${stdout}`);
      resolve(error || !match?.[1] ? undefined : majorVersion(match[1]));
    });
  });
}

export function majorVersion(version: string): number | undefined {
  const parts = version.split(/[.+_-]/);
  const major = parts[0] === '1' ? parts[1] : parts[0];
  const number = Number(major);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
