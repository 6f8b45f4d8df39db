import type { ConnectionStatus } from '../backend/protocol';

/** The part of the editor's UI the notices need, so the handling is tested without an editor. */
export interface NoticeUi {
  showWarning(message: string, ...actions: string[]): PromiseLike<string | undefined>;
}

export const START_AGAIN = 'Start Again';

/**
 * Tells the user when Remote Control turned itself off, which otherwise only shows as "off" in the
 * status bar: after the offline limit the backend gives up on the relay, and the user decides whether
 * to try again.
 */
export class ConnectionNotices {
  constructor(
    private readonly ui: NoticeUi,
    private readonly startAgain: () => PromiseLike<unknown>,
  ) {}

  /** Resolves once the user has answered the notice it showed, if any. */
  async onStatus(status: ConnectionStatus): Promise<void> {
    if (status.state !== 'off' || status.reason !== 'offline_limit') return;
    const why = status.detail ?? 'the relay could not be reached for too long';
    const choice = await this.ui.showWarning(
      `Remote Control turned off: ${why}. The session is intact; start it again once the relay is reachable.`,
      START_AGAIN,
    );
    if (choice === START_AGAIN) await this.startAgain();
  }
}
