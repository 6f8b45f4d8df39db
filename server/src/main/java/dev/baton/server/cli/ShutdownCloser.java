package dev.baton.server.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a long-running command opened when the JVM stops (Ctrl-C, SIGTERM, or an exit after a
 * failure), newest first: the host stream before the session, the session before the relay.
 */
final class ShutdownCloser {
    private static final Logger log = LoggerFactory.getLogger(ShutdownCloser.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    /** Set by a command whose clean stop on a signal is a normal end (server mode), else null. */
    private final CompletableFuture<Integer> exitStatus;

    ShutdownCloser() {
        this(false);
    }

    /**
     * @param exitAsTheCommandSays on a signal, after closing, exit with the status the command gives
     *     {@link #exitStatus} (within a few seconds) rather than the signal's: stopping server mode with
     *     Ctrl-C or SIGTERM is how it is meant to end, so it exits 0
     */
    ShutdownCloser(boolean exitAsTheCommandSays) {
        this.exitStatus = exitAsTheCommandSays ? new CompletableFuture<>() : null;
        Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "baton-shutdown"));
    }

    /** The status the process ends with, once the command knows it. */
    void exitStatus(int status) {
        if (exitStatus != null) {
            exitStatus.complete(status);
        }
    }

    private void onShutdown() {
        closeAll();
        if (exitStatus != null) {
            try {
                int status = exitStatus.get(5, TimeUnit.SECONDS);
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(status);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                log.warn("No exit status after the shutdown; the signal's stands");
            }
        }
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
