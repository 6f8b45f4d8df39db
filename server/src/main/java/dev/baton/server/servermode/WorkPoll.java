package dev.baton.server.servermode;

import dev.baton.protocol.relay.RelayApi.WorkItem;
import dev.baton.server.relayclient.EnvironmentLease;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work long poll of one environment, on a thread of its own: each item the relay hands out (a device
 * asked for a session) goes to {@code take}; a failed poll is retried a moment later, until
 * {@code stopping} is released.
 */
final class WorkPoll {
    private static final Logger log = LoggerFactory.getLogger(WorkPoll.class);
    private static final Duration POLL = Duration.ofSeconds(25);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final EnvironmentLease environment;
    private final CountDownLatch stopping;
    private final Consumer<WorkItem> take;
    private final Thread thread;

    private WorkPoll(EnvironmentLease environment, CountDownLatch stopping, Consumer<WorkItem> take) {
        this.environment = environment;
        this.stopping = stopping;
        this.take = take;
        this.thread = Thread.ofVirtual().name("work-poll").unstarted(this::run);
    }

    static WorkPoll start(EnvironmentLease environment, CountDownLatch stopping, Consumer<WorkItem> take) {
        WorkPoll poll = new WorkPoll(environment, stopping, take);
        poll.thread.start();
        return poll;
    }

    /** Cuts a poll under way short, once {@code stopping} is released. */
    void interrupt() {
        thread.interrupt();
    }

    private void run() {
        boolean failing = false;
        while (stopping.getCount() > 0) {
            try {
                environment.pollWork(POLL).ifPresent(take);
                failing = false;
            } catch (IOException | RuntimeException e) {
                if (stopping.getCount() == 0) {
                    return;
                }
                // Once per outage: the connection state already tells the person the relay is away.
                if (!failing) {
                    log.warn("Could not ask the relay for work: {}", e.getMessage());
                }
                failing = true;
                try {
                    if (stopping.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
