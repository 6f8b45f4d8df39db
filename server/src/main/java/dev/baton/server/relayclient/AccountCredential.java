package dev.baton.server.relayclient;

/** Where the account token comes from, and what to do when the relay refuses it. */
public interface AccountCredential {
    String token();

    /**
     * The relay refused {@link #token()}. Returns a new token to try once more (an embedded relay can
     * mint one), or throws a {@link RelayException} that says what the user must do.
     */
    String replaceRefused(RelayException refusal) throws RelayException;
}
