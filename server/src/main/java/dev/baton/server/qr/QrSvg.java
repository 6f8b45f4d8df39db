package dev.baton.server.qr;

import io.nayuki.qrcodegen.QrCode;

/** A QR code as a standalone SVG document: one square unit per module, on white, with a quiet zone. */
public final class QrSvg {
    /** The quiet zone the QR specification asks for, in modules: an image scales, so it costs nothing. */
    public static final int BORDER = 4;

    private QrSvg() {}

    public static String render(QrCode qr) {
        int border = BORDER;
        int side = qr.size + 2 * border;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    if (!path.isEmpty()) {
                        path.append(' ');
                    }
                    path.append('M')
                            .append(x + border)
                            .append(',')
                            .append(y + border)
                            .append("h1v1h-1z");
                }
            }
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 %d %d" stroke="none" \
                shape-rendering="crispEdges">
                <rect width="100%%" height="100%%" fill="#FFFFFF"/>
                <path d="%s" fill="#000000"/>
                </svg>
                """
                .formatted(side, side, path);
    }
}
