import { useEffect, useState } from "preact/hooks";
import type { DeviceInfo, Pairing } from "../core/protocol.ts";
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
