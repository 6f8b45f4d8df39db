package dev.baton.server.qr;

import io.nayuki.qrcodegen.QrCode;

/** Encodes a session URL; the library raises the error correction level whenever that costs no size. */
public final class QrCodes {
    private QrCodes() {}

    public static QrCode encode(String text) {
        return QrCode.encodeText(text, QrCode.Ecc.LOW);
    }
}
