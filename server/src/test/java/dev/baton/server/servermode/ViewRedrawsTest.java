package dev.baton.server.servermode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ViewRedrawsTest {
    @Test
    void requestsWhileOneIsDrawnAreDrawnOnceAfterIt() throws Exception {
        CountDownLatch drawing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger draws = new AtomicInteger();
        ViewRedraws redraws = new ViewRedraws(() -> {
            if (draws.incrementAndGet() == 1) {
                drawing.countDown();
                waitFor(release);
            }
        });

        redraws.request();
        assertThat(drawing.await(10, TimeUnit.SECONDS)).isTrue();
        redraws.request();
        redraws.request();
        redraws.request();
        release.countDown();
        redraws.stop();

        await().atMost(10, TimeUnit.SECONDS).until(() -> draws.get() == 2);
        redraws.request(); // stopped: nothing more, and no failure either
        assertThat(draws).hasValue(2);
    }

    @Test
    void aDrawThatFailsDoesNotStopTheNextOne() {
        AtomicInteger draws = new AtomicInteger();
        ViewRedraws redraws = new ViewRedraws(() -> {
            if (draws.incrementAndGet() == 1) {
                throw new IllegalStateException("the terminal went away");
            }
        });

        redraws.request();
        await().atMost(10, TimeUnit.SECONDS).until(() -> draws.get() == 1);
        redraws.request();

        await().atMost(10, TimeUnit.SECONDS).until(() -> draws.get() == 2);
        redraws.stop();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
