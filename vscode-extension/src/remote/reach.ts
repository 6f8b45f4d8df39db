// Who can open a session link. The embedded relay listens on loopback unless the user binds it wider,
// and a phone that scans a 127.0.0.1 link reaches itself: the editor says so where it hands out links,
// as the terminal does.

/** Whether only this computer can open `url`: its host is loopback. */
export function onlyThisComputer(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  // The URL parser writes every IPv4 form (127.1, 0x7f.0.0.1) as four decimal parts; a name such as
  // 127.example.com is not loopback.
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether `url` is plain HTTP to another computer: the embedded relay bound to the network, with no TLS. */
function plainOnTheNetwork(url: string): boolean {
  try {
    return new URL(url).protocol === 'http:' && !onlyThisComputer(url);
  } catch {
    return false;
  }
}

/**
 * Who can open the link, where the user should know: for a link only this computer can open, the two
 * ways to let a phone open one, in the editor's terms (`configFile` is where the backend reads the
 * embedded relay's `bind`); for plain HTTP on the network, that anyone there holding the code can join,
 * as the terminal warns. Undefined for a relay with TLS.
 */
export function phoneReachHint(url: string, configFile: string): string | undefined {
  if (onlyThisComputer(url)) {
    return (
      'Only this computer can open this link. For a phone on the same network, add "relay": {"bind": "0.0.0.0"} ' +
      `to ${configFile} and reload the window; from anywhere, set baton.relay.url to a relay the phone can reach.`
    );
  }
  if (plainOnTheNetwork(url)) {
    return (
      'Anyone who can reach this address and holds the pairing code can join. ' +
      'For other networks, run a standalone relay with TLS and set baton.relay.url to it.'
    );
  }
  return undefined;
}

/**
 * What "Start Remote Control" announces, with "Show QR Code" and "Copy Link" to hand the link out. Never
 * the link itself: VS Code keeps a notification in its list long after the toast is gone, and the link's
 * fragment holds a one-time pairing code and the key to every session of this machine. Who can open the
 * link ({@link phoneReachHint}) is said here too, as the QR panel says it.
 */
export function startedMessage(url: string, configFile: string): string {
  const where = onlyThisComputer(url) ? 'in a browser' : 'on a phone or in a browser';
  const hint = phoneReachHint(url, configFile);
  return `Remote Control is on: Show QR Code or Copy Link to continue this session ${where}.${hint ? ` ${hint}` : ''}`;
}
