package dev.baton.server.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of one session's sandboxes: the {@link NetworkProxy} its sandboxed processes share,
 * started when the first of them needs it, closed with the session, and telling the session of every
 * connection it refused (up to {@value #NOTICE_LIMIT}, so that a command retrying in a loop cannot fill
 * the transcript). Without allowed domains it never starts anything.
 */
public final class SessionNetwork implements NetworkAccess, AutoCloseable {
    static final int NOTICE_LIMIT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SessionNetwork.class);

    private final DomainAllowList allowed;
    private final Consumer<String> notices;
    private final AtomicInteger refused = new AtomicInteger();

    // Guarded by this.
    private NetworkProxy proxy;
    private boolean failed;
    private boolean closed;

    /**
     * @param notices what the session shows the person; called from the proxy's threads
     */
    public SessionNetwork(DomainAllowList allowed, Consumer<String> notices) {
        this.allowed = allowed;
        this.notices = notices;
    }

    /** The session's proxy socket, the proxy started first if need be; empty when closed or it cannot start. */
    @Override
    public synchronized Optional<Path> proxySocket() {
        if (closed || failed || allowed.isEmpty()) {
            return Optional.empty();
        }
        if (proxy == null) {
            try {
                proxy = NetworkProxy.start(allowed, this::refused);
            } catch (IOException | RuntimeException e) {
                failed = true;
                LOG.warn("the sandbox network proxy could not start", e);
                notices.accept("Sandbox: Baton's network proxy could not start (" + e.getMessage()
                        + "); sandboxed commands have no network in this session.");
                return Optional.empty();
            }
        }
        return Optional.of(proxy.socket());
    }

    /** Whether the proxy runs: it starts with the first sandboxed process, not before. */
    synchronized boolean running() {
        return proxy != null;
    }

    private void refused(NetworkProxy.Refusal refusal) {
        int count = refused.incrementAndGet();
        if (count <= NOTICE_LIMIT) {
            notices.accept(refusedNotice(refusal));
        }
        if (count == NOTICE_LIMIT) {
            notices.accept("Sandbox: further refused connections are not shown in this session.");
        }
    }

    static String refusedNotice(NetworkProxy.Refusal refusal) {
        String host = refusal.host().contains(":") ? "[" + refusal.host() + "]" : refusal.host();
        return "Sandbox: refused a connection to " + host + ":" + refusal.port()
                + " (not in sandbox.network.allowedDomains)";
    }

    /** Stops the proxy, ending the connections still open through it; later sandboxes have no network. */
    @Override
    public synchronized void close() {
        closed = true;
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
