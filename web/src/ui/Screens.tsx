/** Full-page messages for the states before a device can see any session. */

export function Loading() {
  return <div class="screen">Connecting…</div>;
}

export function PairThisDevice({ reason }: { reason?: string }) {
  return (
    <div class="screen" data-testid="pair-this-device">
      <h1>Pair this device</h1>
      {reason && <p class="reason">{reason}</p>}
      <p>This browser is not paired with a Baton account yet. To pair it:</p>
      <ol>
        <li>
          On your computer, run <code>baton remote-control</code> in your project (or type <code>/remote-control</code> in a
          running session).
        </li>
        <li>Scan the QR code it shows with this device, or open the link it prints.</li>
      </ol>
      <p>A device that is already paired can also show a code: Sessions → Pair another device.</p>
    </div>
  );
}

export function CodeRejected({ message }: { message: string }) {
  return (
    <div class="screen" data-testid="pairing-failed">
      <h1>This pairing link no longer works</h1>
      <p class="reason">The relay said: {message}</p>
      <p>
        Pairing links work once, for 10 minutes. Get a fresh one: type <code>/remote-control</code> in the session on your
        computer (or start <code>baton remote-control</code> again) and scan the new QR code, or use “Pair another device” on a
        device that is already paired.
      </p>
    </div>
  );
}

export function Unreachable({ message }: { message: string }) {
  return (
    <div class="screen" data-testid="relay-unreachable">
      <h1>The relay cannot be reached</h1>
      <p class="reason">{message}</p>
      <p>Check the network, then reload this page. Your pairing link still works if it has not expired.</p>
    </div>
  );
}
