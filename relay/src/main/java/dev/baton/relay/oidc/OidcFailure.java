package dev.baton.relay.oidc;

/**
 * A sign-in with the identity provider that did not work out. The code goes to the sign-in page in its
 * address ({@code /login?error=CODE}), which says what it means; the detail goes to the relay's log.
 */
public final class OidcFailure extends Exception {
    /** The stable reasons a person may see. */
    public enum Reason {
        /** The provider cannot be reached, or its discovery document or keys are unusable. */
        PROVIDER_UNAVAILABLE("provider_unavailable"),
        /** The provider said no (the person cancelled, or the provider refused the client). */
        PROVIDER_REFUSED("provider_refused"),
        /** The answer does not belong to a sign-in this browser started, or failed verification. */
        SIGN_IN_FAILED("sign_in_failed"),
        /** The identity is fine, but no relay user has that name. */
        UNKNOWN_USER("unknown_user");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public OidcFailure(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public OidcFailure(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
