import type { DeviceCredentials } from "./device-credentials.ts";
import { ApiError, type RelayApi } from "./relay-api.ts";

/** How opening the page went, as far as pairing goes. */
export type PairingOutcome =
  | { kind: "paired"; sessionId?: string }
  | { kind: "unpaired" }
  | { kind: "codeRejected"; message: string }
  | { kind: "unreachable"; message: string };

/**
 * Redeems a pairing code from the URL fragment, keeps the device token, and takes the code out of
 * the address bar (it is single use, and a bookmarked or shared URL must not carry it). A device
 * that is already paired and opens a spent code's URL again simply carries on with its token.
 */
export async function pairFromAddress(
  code: string | null,
  api: RelayApi,
  credentials: DeviceCredentials,
  name: string,
  dropCode: () => void,
): Promise<PairingOutcome> {
  if (!code) {
    return credentials.token ? { kind: "paired" } : { kind: "unpaired" };
  }
  try {
    const registration = await api.redeem(code, name);
    credentials.save(registration);
    dropCode();
    // A QR code carries the link without the session's path; the relay names the session it was made for.
    return registration.sessionId ? { kind: "paired", sessionId: registration.sessionId } : { kind: "paired" };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0) {
      // Keep the code in the address bar: reloading once the relay is back still pairs.
      return { kind: "unreachable", message: error instanceof Error ? error.message : String(error) };
    }
    dropCode();
    if (credentials.token) {
      return { kind: "paired" }; // an old link opened again on a device that is paired anyway
    }
    return { kind: "codeRejected", message: error.message };
  }
}
