package dev.baton.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.relay.TestSeal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file as a crash would leave it (a copy of it, taken while the store is open, is what a relay
 * killed at that moment reopens): once {@code whenDurable} runs, the events and the record that counts
 * them are in it.
 */
class EmbeddedStoreDurabilityTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void whatWhenDurableConfirmsIsInTheFileACrashLeaves() throws Exception {
        Path live = tmp.resolve("live");
        Path crashed = tmp.resolve("crashed");
        Files.createDirectories(crashed);
        try (EmbeddedStore store = EmbeddedStore.open(live, 100)) {
            SessionRecord session =
                    SessionRecord.create("ses_1", "acc_1", null, "T", NOW).withEpoch("e1");
            store.putSession(session);
            List<SealedEvent> events = LongStream.rangeClosed(1, 3)
                    .mapToObj(seq -> TestSeal.sealed(new Event(seq, NOW, null, null, new EventBody.Notice("n" + seq))))
                    .toList();
            store.atomically(() -> {
                store.appendEvents("ses_1", "e1", EncodedEvent.allOf(events));
                store.putSession(session.withStoredSeq(3, NOW));
            });

            CompletableFuture<Void> copied = new CompletableFuture<>();
            store.whenDurable(() -> {
                try {
                    Files.copy(live.resolve(EmbeddedStore.FILE_NAME), crashed.resolve(EmbeddedStore.FILE_NAME));
                    copied.complete(null);
                } catch (IOException e) {
                    copied.completeExceptionally(new UncheckedIOException(e));
                }
            });
            copied.get(10, TimeUnit.SECONDS);
        }

        try (EmbeddedStore reopened = EmbeddedStore.open(crashed, 100)) {
            assertThat(reopened.session("ses_1").orElseThrow().storedSeq()).isEqualTo(3);
            assertThat(reopened.eventsAfter("ses_1", 0))
                    .extracting(SealedEvent::seq)
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aRecordMovedOnOnlyByItsTailIsNotRewrittenAndIsReadBackFromTheTail() {
        Path dir = tmp.resolve("store");
        SessionRecord session =
                SessionRecord.create("ses_1", "acc_1", null, "T", NOW).withEpoch("e1");
        try (EmbeddedStore store = EmbeddedStore.open(dir, 100)) {
            store.putSession(session);
            for (long seq = 1; seq <= 3; seq++) {
                Instant ts = NOW.plusSeconds(seq);
                SealedEvent event = TestSeal.sealed(new Event(seq, ts, null, null, new EventBody.Notice("n" + seq)));
                long stored = seq;
                store.atomically(() -> {
                    store.appendEvents("ses_1", "e1", List.of(EncodedEvent.of(event)));
                    store.putSession(store.session("ses_1").orElseThrow().withStoredSeq(stored, ts));
                });
            }
            assertThat(store.session("ses_1").orElseThrow().storedSeq()).isEqualTo(3);
        }

        MVStore raw = MVStore.open(dir.resolve(EmbeddedStore.FILE_NAME).toString());
        try {
            String written = raw.<String, String>openMap("sessions").get("ses_1");
            assertThat(Json.decode(written, SessionRecord.class)).isEqualTo(session);
        } finally {
            raw.close();
        }
        try (EmbeddedStore reopened = EmbeddedStore.open(dir, 100)) {
            assertThat(reopened.session("ses_1").orElseThrow()).isEqualTo(session.withStoredSeq(3, NOW.plusSeconds(3)));
        }
    }

    @Test
    void aTailWrittenAsTextByAnEarlierRelayReadsBackAndGrowsInTheSameMap() {
        Path dir = tmp.resolve("earlier");
        SealedEvent first = TestSeal.sealed(new Event(1, NOW, null, null, new EventBody.Notice("n1")));
        SealedEvent second = TestSeal.sealed(new Event(2, NOW.plusSeconds(1), null, null, new EventBody.Notice("n2")));
        try (EmbeddedStore store = EmbeddedStore.open(dir, 100)) {
            store.putSession(
                    SessionRecord.create("ses_1", "acc_1", null, "T", NOW).withEpoch("e1"));
        }
        MVStore raw = MVStore.open(dir.resolve(EmbeddedStore.FILE_NAME).toString());
        try {
            raw.<Long, String>openMap("tail.ses_1").put(1L, Json.write(first));
            raw.commit();
        } finally {
            raw.close();
        }

        try (EmbeddedStore reopened = EmbeddedStore.open(dir, 100)) {
            assertThat(reopened.session("ses_1").orElseThrow().storedSeq()).isEqualTo(1);
            reopened.appendEvents("ses_1", "e1", List.of(EncodedEvent.of(second)));
            assertThat(reopened.eventsAfter("ses_1", 0)).containsExactly(first, second);
        }
    }
}
