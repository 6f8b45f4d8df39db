package dev.baton.server.remote;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Some other local web server on a port Baton wanted: it answers every connection the same way. */
final class NotARelay {
    private NotARelay() {}

    /** Listening on a free loopback port with a 404 for everything; closing the socket stops it. */
    static ServerSocket answering404() throws Exception {
        return answering("404 Not Found", "");
    }

    /** As {@link #answering404()}, with this status and JSON body. */
    static ServerSocket answering(String status, String body) throws Exception {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    client.getInputStream().read(new byte[4096]);
                    OutputStream out = client.getOutputStream();
                    out.write(head);
                    out.write(content);
                    out.flush();
                } catch (Exception closed) {
                    return;
                }
            }
        });
        return server;
    }
}
