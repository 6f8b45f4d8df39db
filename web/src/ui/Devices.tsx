import { useEffect, useState } from "preact/hooks";
import type { DeviceInfo, Pairing } from "../core/protocol.ts";
import type { NotificationSettings, NotifyOn } from "../transport/push.ts";
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
        {account.notifications?.supported && <NotificationsChoice settings={account.notifications} />}
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
                {!device.agreementKids?.length && (
                  // It registered no key a rotating backend could deliver the new content key to.
                  <span class="sub warn-text" data-testid="device-pair-again">
                    Pair again to keep access after a revocation.
                  </span>
                )}
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

const NOTIFY_CHOICES: { value: NotifyOn; label: string }[] = [
  { value: "off", label: "Off" },
  { value: "prompts", label: "Permission prompts" },
  { value: "turns", label: "Prompts and finished turns" },
];

/**
 * "Notifications": what this device is pushed when no device is looking at a session: nothing, a
 * permission prompt, or a prompt and a turn that finished.
 */
function NotificationsChoice({ settings }: { settings: NotificationSettings }) {
  const [notify, setNotify] = useState<NotifyOn | null>(null);
  /** The choice being saved: shown at once, and taken back if saving fails. */
  const [pending, setPending] = useState<NotifyOn | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    settings.current().then(setNotify, () => setNotify("off"));
  }, []);
  const choose = async (choice: NotifyOn) => {
    setPending(choice);
    setError(null);
    try {
      if (choice === "off") await settings.disable();
      else await settings.enable(choice);
      setNotify(choice);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setPending(null);
    }
  };
  const shown = pending ?? notify;
  return (
    <section class="notifications">
      <fieldset data-testid="notifications" data-notify={notify ?? ""} disabled={notify === null || pending !== null}>
        <legend>
          Notifications
          <span class="sub">When a session needs you and no device is looking at it.</span>
        </legend>
        {NOTIFY_CHOICES.map((choice) => (
          <label class="choice" key={choice.value}>
            <input
              type="radio"
              name="notify"
              value={choice.value}
              data-testid={`notify-${choice.value}`}
              checked={shown === choice.value}
              onChange={() => void choose(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <div class="banner error" role="alert" data-testid="notifications-error">
          {error}
        </div>
      )}
    </section>
  );
}
