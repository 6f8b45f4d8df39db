package dev.baton.server.e2ee;

import java.util.regex.Pattern;

/**
 * Cuts the content key out of a pairing URL ({@code …#pair=CODE&key=KEY}) wherever text may end up in a
 * log, a CI transcript or a bug report: the key opens every session of the machine, for good.
 */
public final class KeyMask {
    private static final Pattern KEY = Pattern.compile("([#&]key=)[A-Za-z0-9_-]+");

    private KeyMask() {}

    public static String mask(String text) {
        return text == null ? null : KEY.matcher(text).replaceAll("$1…");
    }
}
