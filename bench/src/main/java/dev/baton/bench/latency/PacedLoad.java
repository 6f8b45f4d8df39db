package dev.baton.bench.latency;

import dev.baton.bench.Latencies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * An open-loop load: each peer sends at a fixed rate whether or not its last input came back, as people
 * type regardless of how slow the last message was. A closed loop would send less when the system is
 * slow and so hide exactly the delays worth seeing.
 */
final class PacedLoad {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private PacedLoad() {}

    /**
     * Runs every peer for {@code length} at {@code perSecond}, recording each round trip into {@code into}.
     * Returns how many inputs failed or did not come back within the drain time after the last send.
     *
     * @param peers each sends an input with the inputId it is given and completes with the arrival time
     */
    static long run(
            List<Function<String, CompletableFuture<Long>>> peers,
            double perSecond,
            Duration length,
            String idPrefix,
            Latencies into)
            throws InterruptedException {
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        long end = System.nanoTime() + length.toNanos();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> outstanding = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < peers.size(); p++) {
            var peer = peers.get(p);
            String prefix = idPrefix + "-" + p + "-";
            // Peers start spread over one interval so they do not all send in the same instant.
            long first = System.nanoTime() + interval * p / peers.size();
            threads.add(Thread.ofVirtual().start(() -> {
                long next = first;
                for (long n = 0; next < end; n++, next += interval) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    long sentAt = System.nanoTime();
                    CompletableFuture<Long> arrival = peer.apply(prefix + n);
                    outstanding.add(arrival.whenComplete((at, failure) -> {
                        if (failure == null) {
                            into.recordNanos(at - sentAt);
                        } else {
                            failed.incrementAndGet();
                        }
                    }));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long drainEnd = System.nanoTime() + DRAIN.toNanos();
        for (CompletableFuture<?> arrival : List.copyOf(outstanding)) {
            try {
                arrival.get(Math.max(0, drainEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // counted: a failure in whenComplete, a timeout as missing below
            }
        }
        long missing = outstanding.stream().filter(f -> !f.isDone()).count();
        return failed.get() + missing;
    }
}
