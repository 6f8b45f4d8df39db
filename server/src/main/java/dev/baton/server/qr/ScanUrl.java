package dev.baton.server.qr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address a terminal's QR code carries. A pairing URL with the content key is about 150 characters,
 * a QR code of version 7 that no 24-line terminal shows whole; without the session's path it is version 6,
 * 23 lines. The pairing code and key still do all the work: the phone pairs and opens the session list
 * (the web client's {@code /#pair=}), one tap from the session. The URL printed as text keeps the path.
 */
public final class ScanUrl {
    private static final Pattern SESSION_PAIRING = Pattern.compile("^(.*)/s/[^/?#]+(#(?:.*&)?pair=.*)$");

    private ScanUrl() {}

    /** The URL without {@code /s/{sessionId}} when its fragment pairs; any other URL as it is. */
    public static String of(String url) {
        Matcher matcher = SESSION_PAIRING.matcher(url);
        return matcher.matches() ? matcher.group(1) + "/" + matcher.group(2) : url;
    }
}
