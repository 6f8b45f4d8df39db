package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.auth.Ticket;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.TokenRecord;
import dev.baton.relay.ws.DeviceEndpoint;
import dev.baton.relay.ws.HostEndpoint;
import dev.baton.relay.ws.InputRateLimiter;
import dev.baton.relay.ws.SocketLimiter;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The two WebSocket endpoints. Every check (token, scope, session, socket limit) happens before the
 * upgrade, so a refusal is an ordinary HTTP error with the JSON error body.
 */
final class StreamUpgrades {
    private final ServerWebSocketContainer container;
    private final RelayStore store;
    private final TokenService tokens;
    private final Hub hub;
    private final SocketLimiter sockets;
    private final InputRateLimiter inputs;
    private final int maxFrameBytes;

    StreamUpgrades(
            ServerWebSocketContainer container,
            RelayStore store,
            TokenService tokens,
            Hub hub,
            SocketLimiter sockets,
            InputRateLimiter inputs,
            int maxFrameBytes) {
        this.container = container;
        this.store = store;
        this.tokens = tokens;
        this.hub = hub;
        this.sockets = sockets;
        this.inputs = inputs;
        this.maxFrameBytes = maxFrameBytes;
    }

    void host(HttpExchange exchange) {
        String sessionId = exchange.variable("id");
        TokenRecord token = tokens.require(exchange.bearer(), Scope.SESSION_HOST);
        if (!token.subjectId().equals(sessionId)) {
            throw new ProtocolException(ErrorCode.INSUFFICIENT_SCOPE, "this session host token is for another session");
        }
        requireSession(sessionId, token.accountId());
        acquire(token.hash());
        upgrade(
                exchange,
                token.hash(),
                new HostEndpoint(hub, sessionId, maxFrameBytes, () -> sockets.release(token.hash())));
    }

    void device(HttpExchange exchange) {
        String sessionId = exchange.variable("id");
        String credential = exchange.query("ticket");
        Ticket ticket = tokens.redeemTicket(credential != null ? credential : exchange.bearer());
        if (!ticket.sessionId().equals(sessionId)) {
            throw new ProtocolException(ErrorCode.INSUFFICIENT_SCOPE, "this stream ticket is for another session");
        }
        requireSession(sessionId, ticket.accountId());
        String key = ticket.deviceTokenHash();
        acquire(key);
        upgrade(
                exchange,
                key,
                new DeviceEndpoint(
                        hub, sessionId, ticket.deviceId(), inputs, maxFrameBytes, () -> sockets.release(key)));
    }

    private void requireSession(String sessionId, String accountId) {
        store.session(sessionId)
                .filter(session -> session.accountId().equals(accountId))
                .orElseThrow(() -> new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId));
    }

    private void acquire(String tokenHash) {
        if (!sockets.tryAcquire(tokenHash)) {
            throw new ProtocolException(
                    ErrorCode.TOO_MANY_CONNECTIONS,
                    "this token already has " + sockets.perToken() + " open streams; close one first");
        }
    }

    private void upgrade(HttpExchange exchange, String tokenHash, Object endpoint) {
        boolean upgraded = container.upgrade(
                (request, response, callback) -> endpoint,
                exchange.request(),
                exchange.response(),
                exchange.callback());
        if (!upgraded) {
            sockets.release(tokenHash);
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "this endpoint is a WebSocket; send an upgrade request");
        }
    }
}
