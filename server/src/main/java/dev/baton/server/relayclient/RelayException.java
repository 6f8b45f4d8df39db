package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import java.io.IOException;
import java.util.Optional;

/**
 * The relay answered with an error ({@code {"error":{"code","message"}}}). Transport failures stay plain
 * {@link IOException}s; this one says what the relay decided.
 */
public final class RelayException extends IOException {
    private final ErrorCode code;
    private final int httpStatus;
    private final boolean explained;
    private final String exchange;

    public RelayException(ErrorCode code, int httpStatus, String message) {
        this(code, httpStatus, message, false, null);
    }

    private RelayException(ErrorCode code, int httpStatus, String message, boolean explained, String exchange) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.explained = explained;
        this.exchange = exchange;
    }

    /** The same refusal with the call that drew it, credentials masked ({@link RelayExchange}). */
    RelayException withExchange(String value) {
        return new RelayException(code, httpStatus, relayMessage(), explained, value);
    }

    /** The refused call written out, credentials masked, for {@code --verbose}; empty when not known. */
    public Optional<String> exchange() {
        return Optional.ofNullable(exchange);
    }

    /**
     * The account token was refused and there is no other to try: the refusal, said as the one sentence
     * every surface uses, with where the token came from and what to run.
     */
    public static RelayException credentialsRefused(RelayException refusal, String source, String fix) {
        return new RelayException(
                refusal.code,
                refusal.httpStatus,
                PolicyRefusal.credentialsFetchFailed(source, refusal.relayMessage(), refusal.code, fix),
                true,
                refusal.exchange);
    }

    public ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The relay may well say yes later: it is overloaded or broken, not refusing us. */
    public boolean retryable() {
        return httpStatus >= 500
                || code == ErrorCode.RATE_LIMITED
                || code == ErrorCode.TOO_MANY_CONNECTIONS
                || code == ErrorCode.INTERNAL;
    }

    /** The token was refused as unknown or expired; a fresh one may work. */
    public boolean tokenRefused() {
        return code == ErrorCode.UNAUTHORIZED || code == ErrorCode.TOKEN_EXPIRED;
    }

    /** What the relay said, without the code. */
    public String relayMessage() {
        return super.getMessage();
    }

    /**
     * The relay's message with its stable code, which is what to search the docs for. A Remote Control
     * policy refusal says its fixed sentence, the cause and what to do ({@link PolicyRefusal}).
     */
    @Override
    public String getMessage() {
        if (explained) {
            return relayMessage();
        }
        return PolicyRefusal.describe(code, relayMessage()).orElseGet(() -> relayMessage() + " (" + code.wire() + ")");
    }
}
