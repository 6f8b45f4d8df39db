import qrcode from "qrcode-generator";
import { useRef, useState } from "preact/hooks";
import type { Pairing } from "../core/protocol.ts";
import { when } from "./format.ts";

/** A QR code as a data: URL image, which the CSP allows, unlike inline styles in an SVG string. */
function qrImage(text: string): string {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  return qr.createDataURL(6, 4);
}

/** Copies `text`; where the clipboard API is refused (no secure context), selects it for the user instead. */
async function copy(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.select();
    return false;
  }
}

/** A pairing code as a scannable QR code and its link, with a copy button. */
export function PairingCard({ pairing }: { pairing: Pairing }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const field = useRef<HTMLInputElement>(null);
  return (
    <section class="pairing" data-testid="pairing">
      <img class="qr" data-testid="pairing-qr" src={qrImage(pairing.url)} alt="QR code that pairs another device" width={240} height={240} />
      <p>Scan this with the other device's camera, or open the link there. It works once, until {when(pairing.expiresAt)}.</p>
      <div class="link-row">
        <input class="link" data-testid="pairing-link" readOnly value={pairing.url} ref={field} onFocus={(e) => e.currentTarget.select()} aria-label="Pairing link" />
        <button type="button" data-testid="pairing-copy" onClick={() => void copy(pairing.url, field.current).then(setCopied)}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {copied === false && <p class="muted">Selected: copy it with your keyboard or menu.</p>}
    </section>
  );
}
