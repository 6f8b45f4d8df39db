package dev.baton.server.cli;

import dev.baton.protocol.Json;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import java.io.PrintWriter;

/** The {@code --json} output: exactly one JSON object per line on stdout, flushed at once. */
final class JsonLines {
    record Ready(String event, String sessionId, String url, String pairingCode, String relayUrl) {
        Ready(String sessionId, String url, String pairingCode, String relayUrl) {
            this("ready", sessionId, url, pairingCode, relayUrl);
        }
    }

    /**
     * @param detail why, when there is a reason (a drop, a refusal); an extension of the contract
     * @param reason why Remote Control turned itself off ({@code offline_limit}) or cannot reconnect
     *     ({@code port_taken}), else null
     */
    record Status(String event, ConnectionState state, String detail, ConnectionReason reason) {
        Status(ConnectionState state, String detail, ConnectionReason reason) {
            this("status", state, detail, reason);
        }
    }

    record Listening(String event, String url, int port) {
        Listening(String url, int port) {
            this("listening", url, port);
        }
    }

    private final PrintWriter out;

    JsonLines(PrintWriter out) {
        this.out = out;
    }

    synchronized void print(Record line) {
        out.println(Json.write(line));
        out.flush();
    }
}
