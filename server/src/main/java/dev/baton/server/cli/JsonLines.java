package dev.baton.server.cli;

import dev.baton.protocol.Json;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import java.io.PrintWriter;
import java.util.List;

/** The {@code --json} output: exactly one JSON object per line on stdout, flushed at once. */
final class JsonLines {
    /**
     * {@code ready} once the first session is registered, and {@code pairing} (an extension) with the same
     * fields each time its pairing code is replaced.
     *
     * @param environmentId the server-mode environment the session is hosted under; an extension
     * @param spawnMode {@code same-dir}, {@code worktree} or {@code session}; an extension
     * @param capacity how many sessions the environment may host at once; an extension
     */
    record Ready(
            String event,
            String sessionId,
            String url,
            String pairingCode,
            String relayUrl,
            String environmentId,
            String spawnMode,
            Integer capacity) {
        Ready(String sessionId, String url, String pairingCode, String relayUrl) {
            this("ready", sessionId, url, pairingCode, relayUrl, null, null, null);
        }
    }

    /**
     * Extension: {@code spawned}, a device asked for a new session and it is hosted now; {@code resumed}, a
     * device opened an earlier session and it is hosted again. Worktree and branch only for a session that
     * works in a worktree.
     */
    record SessionHosted(String event, String sessionId, String directory, String worktree, String branch) {}

    /** Extension: earlier sessions of the directory that devices can open again, which resumes them here. */
    record Adopted(String event, List<String> sessionIds) {
        Adopted(List<String> sessionIds) {
            this("adopted", sessionIds);
        }
    }

    /**
     * Extension: a session is no longer hosted. {@code worktreeKept} is set for a session with a worktree:
     * true when it was kept (with {@code reason}), false when it was removed.
     */
    record SessionEnded(String event, String sessionId, String worktree, Boolean worktreeKept, String reason) {
        SessionEnded(String sessionId, String worktree, Boolean worktreeKept, String reason) {
            this("session_ended", sessionId, worktree, worktreeKept, reason);
        }
    }

    /** Extension: how many sessions run now, of how many the environment may host. */
    record Capacity(String event, int running, int capacity) {
        Capacity(int running, int capacity) {
            this("capacity", running, capacity);
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
