package dev.baton.server.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a sandbox's processes reach the hosts of {@code sandbox.network.allowedDomains}: the Unix socket
 * of Baton's proxy ({@link NetworkProxy}), which a session starts the first time one of its sandboxed
 * processes needs it ({@link SessionNetwork}).
 */
@FunctionalInterface
public interface NetworkAccess {
    /** No proxy: a sandbox with it has no network at all. */
    NetworkAccess NONE = Optional::empty;

    /** The proxy's socket, started if need be; empty when there is none to offer. */
    Optional<Path> proxySocket();
}
