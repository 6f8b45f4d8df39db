package dev.baton.server.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a long-running command opened when the JVM stops (Ctrl-C, SIGTERM, or an exit after a
 * failure), newest first: the host stream before the session, the session before the relay.
 */
final class ShutdownCloser {
    private static final Logger log = LoggerFactory.getLogger(ShutdownCloser.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    ShutdownCloser() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "baton-shutdown"));
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    private synchronized void closeAll() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Could not close {} cleanly: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
