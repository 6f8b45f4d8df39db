import type { ConnectionState, ConnectionStatus } from '../backend/protocol';

/** Command ids contributed in package.json that the status menu can offer. */
export type CommandId =
  | 'baton.startRemoteControl'
  | 'baton.stopRemoteControl'
  | 'baton.showQrCode'
  | 'baton.copySessionUrl'
  | 'baton.openInBrowser'
  | 'baton.openSessionPanel'
  | 'baton.renameSession';

/** How the status menu names each command (the titles in package.json). */
export const ACTION_LABELS: Record<CommandId, string> = {
  'baton.startRemoteControl': 'Start Remote Control',
  'baton.stopRemoteControl': 'Stop Remote Control',
  'baton.showQrCode': 'Show Remote Control QR Code',
  'baton.copySessionUrl': 'Copy Session URL',
  'baton.openInBrowser': 'Open Session in Browser',
  'baton.openSessionPanel': 'Open Session Panel',
  'baton.renameSession': 'Rename Session',
};

/** How the status-bar item looks for a connection status; pure, so every state is unit-tested. */
export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** A theme colour id for the item's background, or none. */
  background?: 'statusBarItem.warningBackground' | 'statusBarItem.errorBackground';
  /** What the quick pick behind the item offers, most likely first. */
  actions: CommandId[];
}

const LABELS: Record<ConnectionState, string> = {
  off: 'off',
  connecting: 'connecting',
  online: 'online',
  reconnecting: 'reconnecting',
  offline: 'offline',
};

const SHARE: CommandId[] = ['baton.showQrCode', 'baton.copySessionUrl', 'baton.openInBrowser'];

export function presentStatus(status: ConnectionStatus): StatusPresentation {
  const text = `$(broadcast) Remote Control: ${LABELS[status.state]}`;
  const where = status.url ? `\n${status.url}` : '';
  const why = status.detail ? `\n${status.detail}` : '';
  switch (status.state) {
    case 'off':
      return {
        text,
        tooltip: 'Remote Control is off: start it to continue this session from a phone or browser' + why,
        actions: ['baton.startRemoteControl', 'baton.openSessionPanel', 'baton.renameSession'],
      };
    case 'connecting':
      return {
        text,
        tooltip: 'Remote Control is connecting to the relay' + where,
        actions: ['baton.stopRemoteControl', 'baton.openSessionPanel'],
      };
    case 'online':
      return {
        text,
        tooltip: 'Remote Control is online' + where,
        actions: [...SHARE, 'baton.openSessionPanel', 'baton.renameSession', 'baton.stopRemoteControl'],
      };
    case 'reconnecting':
      return {
        text,
        tooltip: 'Remote Control lost the relay and is reconnecting; devices see this machine as offline' + where + why,
        background: 'statusBarItem.warningBackground',
        actions: [...SHARE, 'baton.openSessionPanel', 'baton.stopRemoteControl'],
      };
    case 'offline':
      return {
        text,
        tooltip: 'Remote Control is offline' + where + why,
        background: 'statusBarItem.errorBackground',
        actions: ['baton.stopRemoteControl', 'baton.startRemoteControl', 'baton.openSessionPanel'],
      };
  }
}
