package dev.baton.server.agent.loop;

import dev.baton.protocol.event.Input;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompts a turn is waiting on, so the session's input loop can hand it the answer. The session
 * decides which answer is first (it commits the {@code permission_decision}); this only delivers it.
 * Thread-safe.
 */
public final class PermissionPrompts {
    private final Map<String, CompletableFuture<Input.Permission>> waiting = new ConcurrentHashMap<>();

    /** Opens a prompt before it is announced, so no answer can arrive with no one to take it. */
    CompletableFuture<Input.Permission> open(String requestId) {
        CompletableFuture<Input.Permission> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        return answer;
    }

    void close(String requestId) {
        waiting.remove(requestId);
    }

    /** Hands {@code answer} to the turn waiting on its request; false when none waits. */
    public boolean answer(Input.Permission answer) {
        CompletableFuture<Input.Permission> waiter = waiting.remove(answer.requestId());
        return waiter != null && waiter.complete(answer);
    }
}
