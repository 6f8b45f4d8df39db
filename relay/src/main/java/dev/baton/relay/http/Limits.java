package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;

/**
 * The longest value the relay keeps for each client-supplied string. The relay stores these and shows
 * them to every device of the account, so an unbounded one is a way to fill the store and the lists.
 * Lengths count UTF-16 units, as {@link String#length()} does.
 */
final class Limits {
    static final int DEVICE_NAME = 100;
    static final int ENVIRONMENT_NAME = 100;
    static final int HOSTNAME = 255;
    static final int DIRECTORY = 4096;
    static final int TITLE = 200;
    /** Codes and ids the relay mints are far shorter; anything longer cannot be one. */
    static final int CREDENTIAL = 200;

    private Limits() {}

    /** {@code value} itself (null allowed), or {@code too_large} naming the field and its limit. */
    static String check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE, field + " may be at most " + max + " characters long; got " + value.length());
        }
        return value;
    }
}
