package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.relay.auth.IssuedToken;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.TokenRecord;

/** Mints pairing codes and the session URL that carries one. */
final class Pairings {
    private final RelayStore store;
    private final TokenService tokens;
    private final SessionUrls urls;

    Pairings(RelayStore store, TokenService tokens, SessionUrls urls) {
        this.store = store;
        this.tokens = tokens;
        this.urls = urls;
    }

    /**
     * @param sessionId the session the URL opens, or null for {@code fallbackSessionId}
     * @param fallbackSessionId may be null: the URL then opens the relay's home page
     */
    Pairing create(String accountId, String sessionId, String fallbackSessionId) {
        String target = sessionId == null ? fallbackSessionId : owned(accountId, sessionId);
        // The code's subject is the session its link opens, so redeeming it can name that session.
        IssuedToken code = tokens.issue(Scope.PAIRING, accountId, target == null ? accountId : target);
        return new Pairing(code.token(), urls.pairing(target, code.token()), code.expiresAt());
    }

    /** The session a redeemed code's link was made for, or null when it was made for none. */
    static String sessionOf(TokenRecord code) {
        return code.subjectId().equals(code.accountId()) ? null : code.subjectId();
    }

    private String owned(String accountId, String sessionId) {
        if (!BackendApi.SESSION_ID.matcher(sessionId).matches()) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "sessionId must match " + BackendApi.SESSION_ID.pattern());
        }
        return store.session(sessionId)
                .filter(session -> session.accountId().equals(accountId))
                .map(SessionRecord::id)
                .orElseThrow(() -> new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId));
    }
}
