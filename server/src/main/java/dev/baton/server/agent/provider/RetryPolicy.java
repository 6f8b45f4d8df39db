package dev.baton.server.agent.provider;

import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.retry.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed model call again. Only failures that are {@link ModelFailure#retryable()} and
 * happened before anything streamed are retried.
 *
 * @param maxAttempts attempts in all, at least 1 (1 = never retry)
 * @param initialDelay the wait before the second attempt; it doubles for each further one
 * @param maxDelay the longest computed wait
 * @param maxRetryAfter the longest {@code retry-after} honoured; a server asking for more is not
 *     retried, since the user is better told than kept waiting
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (!initialDelay.isPositive() || maxDelay.compareTo(initialDelay) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must satisfy 0 < initialDelay <= maxDelay");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * How long to wait after attempt {@code attempt} (from 1) failed with {@code failure}; empty when
     * it should not be retried.
     */
    public Optional<Duration> delayAfter(int attempt, ModelFailure failure) {
        if (!failure.retryable() || attempt >= maxAttempts) {
            return Optional.empty();
        }
        Optional<Duration> asked =
                switch (failure) {
                    case ModelFailure.RateLimited limited -> limited.retryAfter();
                    case ModelFailure.Overloaded overloaded -> overloaded.retryAfter();
                    default -> Optional.empty();
                };
        if (asked.isPresent()) {
            return asked.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : asked;
        }
        return Optional.of(new Backoff(initialDelay, maxDelay).delay(attempt - 1, ThreadLocalRandom.current()));
    }
}
