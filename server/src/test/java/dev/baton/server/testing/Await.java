package dev.baton.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waits for a condition with the shared deadline, polling briefly with Awaitility; fails with what was awaited. */
public final class Await {
    /** Generous: a JVM started by a test can take 15 s to come up on a loaded 2-core CI machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Await() {}

    public static void until(String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
