package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.auth.Ticket;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.metrics.RelayMetrics;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.TokenRecord;
import dev.baton.relay.ws.DeviceEndpoint;
import dev.baton.relay.ws.HostEndpoint;
import dev.baton.relay.ws.InputRateLimiter;
import dev.baton.relay.ws.SocketLimiter;
import dev.baton.relay.ws.StreamLimits;
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
    private final SocketLimiter accountStreams;
    private final InputRateLimiter inputs;
    private final InputRateLimiter controls;
    private final StreamLimits limits;
    private final RelayMetrics metrics;

    StreamUpgrades(ServerWebSocketContainer container, RelayHandler.Services services) {
        this.container = container;
        this.store = services.store();
        this.tokens = services.tokens();
        this.hub = services.hub();
        this.sockets = services.sockets();
        this.accountStreams = services.accountStreams();
        this.inputs = services.inputs();
        this.controls = services.controls();
        this.limits = services.streamLimits();
        this.metrics = services.metrics();
    }

    void host(HttpExchange exchange) {
        String sessionId = exchange.variable("id");
        TokenRecord token = tokens.require(exchange.bearer(), Scope.SESSION_HOST);
        if (!token.subjectId().equals(sessionId)) {
            throw new ProtocolException(ErrorCode.INSUFFICIENT_SCOPE, "this session host token is for another session");
        }
        requireSession(sessionId, token.accountId());
        Runnable release = acquire(token.hash(), token.accountId());
        upgrade(exchange, release, new HostEndpoint(hub, sessionId, limits, metrics, release));
    }

    void device(HttpExchange exchange) {
        String sessionId = exchange.variable("id");
        String credential = exchange.query("ticket");
        Ticket ticket = tokens.redeemTicket(credential != null ? credential : exchange.bearer());
        if (!ticket.sessionId().equals(sessionId)) {
            throw new ProtocolException(ErrorCode.INSUFFICIENT_SCOPE, "this stream ticket is for another session");
        }
        requireSession(sessionId, ticket.accountId());
        Runnable release = acquire(ticket.deviceTokenHash(), ticket.accountId());
        upgrade(
                exchange,
                release,
                new DeviceEndpoint(hub, sessionId, ticket.deviceId(), inputs, controls, limits, metrics, release));
    }

    private void requireSession(String sessionId, String accountId) {
        store.session(sessionId)
                .filter(session -> session.accountId().equals(accountId))
                .orElseThrow(() -> new ProtocolException(ErrorCode.SESSION_NOT_FOUND, "no session " + sessionId));
    }

    /**
     * Reserves a stream for the token and for its account; a device can mint more devices (and so
     * more tokens), so the account's count is what bounds it. Returns what gives both back.
     */
    private Runnable acquire(String tokenHash, String accountId) {
        if (!sockets.tryAcquire(tokenHash)) {
            throw new ProtocolException(
                    ErrorCode.TOO_MANY_CONNECTIONS,
                    "this token already has " + sockets.limit() + " open streams; close one first");
        }
        if (!accountStreams.tryAcquire(accountId)) {
            sockets.release(tokenHash);
            throw new ProtocolException(
                    ErrorCode.TOO_MANY_CONNECTIONS,
                    "this account already has " + accountStreams.limit() + " open streams; close one first");
        }
        return () -> {
            sockets.release(tokenHash);
            accountStreams.release(accountId);
        };
    }

    private void upgrade(HttpExchange exchange, Runnable release, Object endpoint) {
        boolean upgraded = container.upgrade(
                (request, response, callback) -> endpoint,
                exchange.request(),
                exchange.response(),
                exchange.callback());
        if (!upgraded) {
            release.run();
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "this endpoint is a WebSocket; send an upgrade request");
        }
    }
}
