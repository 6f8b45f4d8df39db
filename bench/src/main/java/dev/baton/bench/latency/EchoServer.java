package dev.baton.bench.latency;

import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The baseline: a WebSocket server on 127.0.0.1 that sends every text frame straight back. It runs on
 * the same Jetty, with the same virtual-thread pool, as the relay, so the ratio of the two round trips
 * is the cost of what the relay and the host do, not of a different server.
 */
public final class EchoServer implements AutoCloseable {
    private final Server server;
    private final URI url;

    private EchoServer(Server server, URI url) {
        this.server = server;
        this.url = url;
    }

    public static EchoServer start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("echo");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler websockets = WebSocketUpgradeHandler.from(
                server, container -> container.addMapping("/echo", (request, response, callback) -> new Echo()));
        server.setHandler(websockets);
        server.start();
        return new EchoServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/echo"));
    }

    /**
     * The baseline in a process of its own, as the relay runs in one: prints its URL on the first line,
     * serves until its standard input ends.
     */
    public static void main(String[] args) throws Exception {
        try (EchoServer echo = start()) {
            System.out.println(echo.url());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** {@code http://127.0.0.1:PORT/echo}; OkHttp maps the scheme to {@code ws}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public because Jetty reaches its methods through method handles. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(text, Callback.NOOP);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // A client that leaves without a close frame; an echo has nothing to clean up.
        }
    }
}
