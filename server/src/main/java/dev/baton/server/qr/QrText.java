package dev.baton.server.qr;

import io.nayuki.qrcodegen.QrCode;

/**
 * Draws a QR code for a terminal with Unicode half blocks, two module rows per text line. Light modules
 * are drawn (the glyph's foreground) and dark ones left blank, which reads correctly on the usual dark
 * terminal background; the quiet zone around the code is drawn light as scanners need.
 */
public final class QrText {
    /**
     * The quiet zone, in modules: half the specification's 4, which phone scanners read, and which keeps a
     * version 6 code (a pairing URL, see {@link ScanUrl}) within 23 lines of an 80×24 terminal.
     */
    public static final int BORDER = 2;

    private QrText() {}

    public static String render(QrCode qr) {
        int side = qr.size + 2 * BORDER;
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < side; row += 2) {
            for (int column = 0; column < side; column++) {
                // getModule answers false (light) outside the symbol, which is exactly the quiet zone.
                boolean upperLight = !qr.getModule(column - BORDER, row - BORDER);
                boolean lowerLight = row + 1 >= side || !qr.getModule(column - BORDER, row + 1 - BORDER);
                text.append(glyph(upperLight, lowerLight));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static char glyph(boolean upperLight, boolean lowerLight) {
        if (upperLight && lowerLight) {
            return '█';
        }
        if (upperLight) {
            return '▀';
        }
        return lowerLight ? '▄' : ' ';
    }
}
