import { useEffect, useState } from "preact/hooks";
import type { DeviceInfo, Pairing } from "../core/protocol.ts";
import type { NotificationSettings } from "../transport/push.ts";
import type { DeviceAccount } from "../transport/transport.ts";
import { when } from "./format.ts";
import { PairingCard } from "./PairingCard.tsx";

const DEVICE_POLL_MS = 3_000;

interface Props {
  account: DeviceAccount;
  sessionId?: string;
  onClose: () => void;
}

/** Pair another device (QR code and link) and manage the account's devices. */
export function Devices({ account, sessionId, onClose }: Props) {
  const [pairing, setPairing] = useState<Pairing | null>(null);
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => account.devices().then(setDevices, (e: Error) => setError(e.message));
  useEffect(() => {
    account.createPairing(sessionId).then(setPairing, (e: Error) => setError(e.message));
    void load();
    // While the code is on screen, the new device shows up here as soon as it pairs.
    const poll = setInterval(() => void load(), DEVICE_POLL_MS);
    return () => clearInterval(poll);
  }, []);

  return (
    <div class="devices-screen">
      <header class="bar">
        <button type="button" class="icon" onClick={onClose} aria-label="Back">
          ‹
        </button>
        <h1>Pair another device</h1>
      </header>
      <div class="scroll">
        {error && (
          <div class="banner error" role="alert">
            {error}
          </div>
        )}
        {pairing ? (
          <PairingCard pairing={pairing} />
        ) : (
          !error && <p>Making a pairing code…</p>
        )}
        {account.notifications?.supported && <NotificationsToggle settings={account.notifications} />}
        <h2>Devices</h2>
        <ul class="device-list" data-testid="devices">
          {(devices ?? []).map((device) => (
            <li key={device.id} data-testid="device" data-current={String(device.current)}>
              <span class="body">
                <span class="name">
                  {device.name}
                  {device.current && " (this device)"}
                </span>
                <span class="sub">
                  paired {when(device.createdAt)}
                  {device.lastSeen && ` · last seen ${when(device.lastSeen)}`}
                </span>
              </span>
              {!device.current && (
                <button
                  type="button"
                  class="danger"
                  data-testid="revoke"
                  onClick={() =>
                    account.revoke(device.id).then(load, (e: Error) => setError(e.message))
                  }
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** "Notifications": a push to this device when a session asks permission and no device is looking at it. */
function NotificationsToggle({ settings }: { settings: NotificationSettings }) {
  const [on, setOn] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    settings.enabled().then(setOn, () => setOn(false));
  }, []);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      if (on) await settings.disable();
      else await settings.enable("prompts");
      setOn(!on);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="notifications">
      <label class="toggle">
        <input
          type="checkbox"
          data-testid="notifications"
          checked={on === true}
          disabled={on === null || busy}
          onChange={() => void toggle()}
        />
        <span>
          Notifications
          <span class="sub">When a session asks permission and no device is looking at it.</span>
        </span>
      </label>
      {error && (
        <div class="banner error" role="alert" data-testid="notifications-error">
          {error}
        </div>
      )}
    </section>
  );
}
