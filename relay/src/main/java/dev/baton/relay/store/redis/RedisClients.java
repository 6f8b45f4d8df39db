package dev.baton.relay.store.redis;

import dev.baton.relay.store.StoreException;
import dev.baton.relay.store.StoreLocation;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import java.time.Duration;

/** A Lettuce client for a {@link StoreLocation.Redis}, and what an operator reads when it cannot connect. */
final class RedisClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private RedisClients() {}

    /** Built from the parts, never from the URL's text, so the password is in no string Lettuce prints. */
    static RedisClient create(StoreLocation.Redis location, Duration commandTimeout) {
        RedisURI.Builder uri = RedisURI.builder()
                .withHost(location.host())
                .withPort(location.port())
                .withDatabase(location.database())
                .withSsl(location.tls())
                .withTimeout(commandTimeout);
        if (location.password() != null) {
            uri.withAuthentication(location.user() == null ? "default" : location.user(), location.password());
        }
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .socketOptions(
                        SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
        return client;
    }

    /** One line naming the server, with the password masked should a message ever echo it. */
    static StoreException refusal(StoreLocation.Redis location, RuntimeException failure) {
        Throwable root = failure;
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            root = cause;
            causes.append(' ').append(cause.getMessage());
        }
        String reason = String.valueOf(root.getMessage()).replace('\n', ' ');
        if (location.password() != null) {
            reason = reason.replace(location.password(), "***");
        }
        String text = causes.toString();
        if (text.contains("WRONGPASS") || text.contains("NOAUTH") || text.contains("invalid password")) {
            return new StoreException(
                    StoreException.AUTH_FAILED,
                    "Redis at " + location.display() + " refused the credentials: " + reason);
        }
        // Lettuce authenticates inside its HELLO handshake; when the server answers a wrong password and the
        // connection ends before the reply is read, all that reaches us is the closed connection.
        if (location.password() != null && text.contains("Connection closed prematurely")) {
            return new StoreException(
                    StoreException.AUTH_FAILED,
                    "Redis at " + location.display()
                            + " closed the connection while authenticating: check the user and password");
        }
        return new StoreException(
                StoreException.UNREACHABLE, "cannot reach Redis at " + location.display() + ": " + reason);
    }
}
