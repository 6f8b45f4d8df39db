import type { ConnectionStatus } from '../backend/protocol';

/** The part of the editor's UI the notices need, so the handling is tested without an editor. */
export interface NoticeUi {
  showWarning(message: string, ...actions: string[]): PromiseLike<string | undefined>;
}

export const START_AGAIN = 'Start Again';
export const OPEN_RELAY_SETTING = 'Open Relay Setting';

/**
 * Tells the user what the status bar alone cannot: that Remote Control turned itself off (after the
 * offline limit the backend gives up on the relay, and the user decides whether to try again), and why
 * it keeps reconnecting when the backend knows (another program holds the shared relay's port, which
 * only the user can free or avoid).
 */
export class ConnectionNotices {
  constructor(
    private readonly ui: NoticeUi,
    private readonly startAgain: () => PromiseLike<unknown>,
    private readonly openRelaySetting: () => PromiseLike<unknown>,
  ) {}

  /** Resolves once the user has answered the notice it showed, if any. */
  async onStatus(status: ConnectionStatus): Promise<void> {
    if (status.state === 'reconnecting' && status.reason === 'port_taken') return this.portTaken(status);
    if (status.state !== 'off' || status.reason !== 'offline_limit') return;
    const why = status.detail ?? 'the relay could not be reached for too long';
    const choice = await this.ui.showWarning(
      `Remote Control turned off: ${why}. The session is intact; start it again once the relay is reachable.`,
      START_AGAIN,
    );
    if (choice === START_AGAIN) await this.startAgain();
  }

  /** The backend says this once per occurrence, so the warning is not repeated at every retry. */
  private async portTaken(status: ConnectionStatus): Promise<void> {
    const why = status.detail ?? "the shared relay's port is taken by a program that is not a Baton relay";
    const choice = await this.ui.showWarning(
      `Remote Control cannot reach its relay: ${why}. It keeps trying; in VS Code the setting baton.relay.url names another relay.`,
      OPEN_RELAY_SETTING,
    );
    if (choice === OPEN_RELAY_SETTING) await this.openRelaySetting();
  }
}
