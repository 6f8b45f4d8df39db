package dev.baton.relay.store.redis;

import dev.baton.relay.store.StoreException;
import dev.baton.relay.store.StoreLocation;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.Optional;

/** A Lettuce client for a {@link StoreLocation.Redis}, and what an operator reads when it cannot connect. */
final class RedisClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private RedisClients() {}

    /** Built from the parts, never from the URL's text, so the password is in no string Lettuce prints. */
    static RedisClient create(StoreLocation.Redis location, Duration commandTimeout) {
        RedisURI.Builder uri = address(location, commandTimeout).withDatabase(location.database());
        if (location.password() != null) {
            uri.withAuthentication(location.user() == null ? "default" : location.user(), location.password());
        }
        return client(uri.build(), false);
    }

    /** One line naming the server, with the password masked should a message ever echo it. */
    static StoreException refusal(StoreLocation.Redis location, RuntimeException failure) {
        Throwable root = failure;
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            root = cause;
            causes.append(' ').append(cause.getMessage());
        }
        String reason = String.valueOf(root.getMessage());
        if (!refusesCredentials(causes.toString())) {
            Optional<String> refused = askForRefusal(location);
            if (refused.isEmpty()) {
                return new StoreException(
                        StoreException.UNREACHABLE,
                        "cannot reach Redis at " + location.display() + ": " + masked(location, reason));
            }
            reason = refused.get();
        }
        return new StoreException(
                StoreException.AUTH_FAILED,
                "Redis at " + location.display() + " refused the credentials: " + masked(location, reason));
    }

    /**
     * The server's refusal of the credentials, asked again as a plain command ({@code AUTH}, or {@code PING}
     * when there are none) on a connection that carries none. Lettuce authenticates inside its connect
     * handshake, and when the server refuses, the handshake closes the connection: now and then what reaches
     * us is that close ("Connection closed prematurely", or on a busy machine "RedisHandshakeHandler not
     * registered", when the close beat Lettuce's own connect listener) rather than the refusal. A command's
     * error reply is never lost that way. Empty when the server accepts the command or cannot be reached.
     */
    private static Optional<String> askForRefusal(StoreLocation.Redis location) {
        RedisClient probe = client(address(location, CONNECT_TIMEOUT).build(), true);
        try (StatefulRedisConnection<String, String> connection = probe.connect()) {
            if (location.password() == null) {
                connection.sync().ping();
            } else if (location.user() == null) {
                connection.sync().auth(location.password());
            } else {
                connection.sync().auth(location.user(), location.password());
            }
            return Optional.empty();
        } catch (RedisCommandExecutionException refused) {
            String answer = String.valueOf(refused.getMessage());
            return refusesCredentials(answer) ? Optional.of(answer) : Optional.empty();
        } catch (RuntimeException unreachable) {
            return Optional.empty();
        } finally {
            probe.shutdown();
        }
    }

    private static boolean refusesCredentials(String text) {
        return text.contains("WRONGPASS") || text.contains("NOAUTH") || text.contains("invalid password");
    }

    private static String masked(StoreLocation.Redis location, String reason) {
        String line = reason.replace('\n', ' ');
        return location.password() == null ? line : line.replace(location.password(), "***");
    }

    private static RedisURI.Builder address(StoreLocation.Redis location, Duration commandTimeout) {
        return RedisURI.builder()
                .withHost(location.host())
                .withPort(location.port())
                .withSsl(location.tls())
                .withTimeout(commandTimeout);
    }

    /**
     * @param bare connect without a word to the server (RESP2, no PING, database 0): no HELLO, PING or SELECT,
     *     which a server that wants a password refuses before an {@code AUTH} could be sent
     */
    private static RedisClient client(RedisURI uri, boolean bare) {
        RedisClient client = RedisClient.create(uri);
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(
                        SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build());
        if (bare) {
            options.protocolVersion(ProtocolVersion.RESP2).pingBeforeActivateConnection(false);
        }
        client.setOptions(options.build());
        return client;
    }
}
