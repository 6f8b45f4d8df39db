import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { batonConfigFile } from './batonConfigFile';

/**
 * "Enable Remote Control for all sessions" as the terminal's `/config` saves it: `"remoteControlAllSessions": true`
 * in `$BATON_HOME/config.json` (default `~/.baton`). Read here rather than from the backend, so a window can honour
 * it at start without launching Java first. A missing or unreadable file is simply "off": the backend reports a
 * broken config.json when it starts.
 */
export function remoteControlForAllSessions(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): boolean {
  try {
    const config: unknown = JSON.parse(readFileSync(batonConfigFile(env, home), 'utf8'));
    return typeof config === 'object' && config !== null && (config as Record<string, unknown>).remoteControlAllSessions === true;
  } catch {
    return false;
  }
}
