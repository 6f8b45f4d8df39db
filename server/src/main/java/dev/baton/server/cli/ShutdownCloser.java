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
    /** Set once a command's clean stop on a signal is a normal end (server mode, running), else null. */
    private volatile CompletableFuture<Integer> exitStatus;

    ShutdownCloser() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "baton-shutdown"));
    }

    /**
     * From now on a signal is a normal way to end: after closing, the process exits with the status the
     * command gives {@link #exitStatus} (within a few seconds) rather than the signal's, so stopping
     * server mode with Ctrl-C or SIGTERM exits 0.
     */
    void exitAsTheCommandSays() {
        exitStatus = new CompletableFuture<>();
    }

    /** The status the process ends with, once the command knows it. */
    void exitStatus(int status) {
        CompletableFuture<Integer> pending = exitStatus;
        if (pending != null) {
            pending.complete(status);
        }
    }

    private void onShutdown() {
        closeAll();
        CompletableFuture<Integer> pending = exitStatus;
        if (pending != null) {
            try {
                int status = pending.get(5, TimeUnit.SECONDS);
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
