package dev.baton.bench.throughput;

import dev.baton.bench.fleet.EventPipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop with a window: each pipe keeps up to {@code window} events in flight and sends the next
 * as soon as one arrives, so the rate is what the path delivers, not what a sender chose.
 */
final class Window {
    record Result(long count, Duration length) {
        double perSecond() {
            return count / (length.toNanos() / 1e9);
        }
    }

    private static final Duration DRAIN = Duration.ofSeconds(10);

    private Window() {}

    /** Runs every pipe for {@code length}; counts the events that arrived within it. */
    static Result run(List<EventPipe> pipes, int window, Duration length) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        AtomicLong arrived = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        for (EventPipe pipe : pipes) {
            Semaphore inFlight = new Semaphore(window);
            windows.add(inFlight);
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    while (inFlight.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        pipe.sendNext().thenAccept(at -> {
                            if (at <= end) {
                                arrived.incrementAndGet();
                            }
                            inFlight.release();
                        });
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        // What is still in flight lands before the next run starts, so it does not crowd that one.
        long drained = System.nanoTime() + DRAIN.toNanos();
        for (Semaphore inFlight : windows) {
            if (inFlight.tryAcquire(window, Math.max(0, drained - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                inFlight.release(window);
            }
        }
        return new Result(arrived.get(), Duration.ofNanos(end - start));
    }
}
