package dev.baton.relay.store;

/**
 * The store cannot be opened for a reason an operator fixes: the message is one line that names the
 * store without its password, and {@link #code()} is stable for scripts.
 */
public final class StoreException extends RuntimeException {
    /** The {@code --store} value is not a Redis URL the relay can use. */
    public static final String BAD_URL = "bad_store_url";
    /** Redis did not answer (down, wrong host or port, TLS mismatch). */
    public static final String UNREACHABLE = "store_unreachable";
    /** Redis refused the password or user. */
    public static final String AUTH_FAILED = "store_auth_failed";

    private final String code;

    public StoreException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
