import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$BATON_HOME/config.json` (default `~/.baton`): the user's own Baton settings, which the backend reads too. */
export function batonConfigFile(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const batonHome = env.BATON_HOME && env.BATON_HOME.trim() !== '' ? env.BATON_HOME : join(home, '.baton');
  return join(batonHome, 'config.json');
}
