package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InputLoopTest {
    private final InputLoop loop = new InputLoop("s-1");
    private final List<Integer> ran = new CopyOnWriteArrayList<>();

    @Test
    void tasksRunOneAtATimeInTheOrderPostedFromManyThreads() throws InterruptedException {
        List<Thread> posters = IntStream.range(0, 4)
                .mapToObj(poster -> Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        int task = poster * 1000 + i;
                        loop.post(() -> ran.add(task));
                    }
                }))
                .toList();
        for (Thread poster : posters) {
            poster.join();
        }
        loop.shutdown(Duration.ofSeconds(10));

        assertThat(ran).hasSize(400);
        for (int poster = 0; poster < 4; poster++) {
            int from = poster * 1000;
            assertThat(ran.stream().filter(task -> task >= from && task < from + 1000))
                    .as("the tasks of poster %d", poster)
                    .isSorted();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() {
        loop.post(() -> {
            throw new IllegalStateException("a bug");
        });
        loop.post(() -> ran.add(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> ran.contains(1));
        loop.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void shutdownRunsWhatWasPostedAndDropsWhatComesAfter() {
        loop.post(() -> ran.add(1));
        loop.shutdown(Duration.ofSeconds(10));
        loop.post(() -> ran.add(2));

        assertThat(ran).containsExactly(1);
    }
}
