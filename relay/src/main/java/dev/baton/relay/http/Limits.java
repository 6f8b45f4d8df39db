package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.seal.Seal;

/**
 * The longest value the relay keeps for each client-supplied string. The relay stores these and shows
 * them to every device of the account, so an unbounded one is a way to fill the store and the lists.
 * Lengths count UTF-16 units, as {@link String#length()} does.
 *
 * <p>Titles and environment fields arrive sealed, so their limits are the length of the sealed form of the
 * longest plaintext the clients allow (in characters: 200 for a title, 100 for a name, 255 for a
 * hostname, 4096 for a directory), each character taken as the 3 UTF-8 bytes the widest takes.
 */
final class Limits {
    static final int DEVICE_NAME = 100;
    static final int ENVIRONMENT_NAME = sealed(100);
    static final int HOSTNAME = sealed(255);
    static final int DIRECTORY = sealed(4096);
    static final int TITLE = sealed(200);
    /** Codes and ids the relay mints are far shorter; anything longer cannot be one. */
    static final int CREDENTIAL = 200;

    private Limits() {}

    private static int sealed(int characters) {
        return Seal.sealedLength(3 * characters);
    }

    /** {@code value} itself (null allowed), or {@code too_large} naming the field and its limit. */
    static String check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE, field + " may be at most " + max + " characters long; got " + value.length());
        }
        return value;
    }
}
