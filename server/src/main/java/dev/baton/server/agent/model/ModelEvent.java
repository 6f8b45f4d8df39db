package dev.baton.server.agent.model;

import java.time.Duration;

/**
 * What a {@link ModelProvider} reports while a response streams, in order, on the thread that called
 * {@link ModelProvider#stream}.
 */
public sealed interface ModelEvent {
    /** More text of the answer; forward it to the surfaces as a delta. */
    record TextDelta(String text) implements ModelEvent {}

    /** A tool call whose input has arrived whole and parsed. */
    record ToolUseComplete(ContentBlock.ToolUse toolUse) implements ModelEvent {}

    /** The answer is complete; {@link ModelProvider#stream} returns right after this. */
    record MessageStop(StopReason stopReason, Usage usage) implements ModelEvent {}

    /**
     * An attempt failed before anything streamed and will be made again after {@code delay}; worth
     * a notice, since a long rate-limit wait otherwise looks like a hang.
     *
     * @param attempt the attempt that failed, from 1
     * @param maxAttempts how many attempts will be made in all
     */
    record Retrying(int attempt, int maxAttempts, Duration delay, ModelFailure cause) implements ModelEvent {}
}
