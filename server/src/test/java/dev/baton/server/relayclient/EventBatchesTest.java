package dev.baton.server.relayclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EventBatchesTest {
    @Test
    void framesStayUnderTheBudgetAndKeepEveryEventInOrder() {
        List<SealedEvent> events = LongStream.rangeClosed(1, 200)
                .mapToObj(seq -> new SealedEvent(
                        seq, Instant.EPOCH, "notice", "in-" + seq, "editor", null, null, "x".repeat(500)))
                .toList();

        List<List<SealedEvent>> batches = EventBatches.split(events, 8 * 1024);

        assertThat(batches).hasSizeGreaterThan(1);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(events);
        assertThat(batches).allSatisfy(batch -> assertThat(
                        Json.write(new Frames.EventsFrame(batch)).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(8 * 1024));
    }

    @Test
    void anEventLargerThanTheBudgetTravelsAlone() {
        SealedEvent small = new SealedEvent(1, Instant.EPOCH, "notice", null, null, null, null, "a");
        SealedEvent huge = new SealedEvent(2, Instant.EPOCH, "notice", null, null, null, null, "b".repeat(10_000));

        assertThat(EventBatches.split(List.of(small, huge, small), 1024))
                .containsExactly(List.of(small), List.of(huge), List.of(small));
    }
}
