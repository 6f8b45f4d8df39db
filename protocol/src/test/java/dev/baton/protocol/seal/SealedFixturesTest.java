package dev.baton.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sealed events in the conformance suite's wire examples open under the associated data their clear
 * header names today, so a client that checks them learns the current binding; {@link SealedFixtures}
 * rewrites them when that binding changes.
 */
class SealedFixturesTest {
    private static final Path SUITE = Path.of("../conformance");
    private final SessionSeal seal = new SessionSeal(SealedFixtures.SESSION, SealVectors.DATA_KEY);

    @Test
    void everySealedEventInTheExamplesOpensUnderItsClearHeader() throws IOException {
        List<String> opened = new ArrayList<>();
        for (Path file : SealedFixtures.files(SUITE)) {
            for (SealedEvent event : SealedFixtures.sealedEvents(Json.MAPPER.readTree(Files.readString(file)))) {
                String where = SUITE.relativize(file) + " seq " + event.seq();
                // Seal.open, not SessionSeal.open: some bodies are of types this side does not know.
                assertThatCode(() -> Seal.open(
                                SealVectors.DATA_KEY,
                                event.sealed(),
                                Aad.event(
                                        SealedFixtures.SESSION,
                                        SealedFixtures.EPOCH,
                                        event.seq(),
                                        event.type(),
                                        event.inputId(),
                                        event.origin())))
                        .as("%s does not open: rerun SealedFixtures", where)
                        .doesNotThrowAnyException();
                assertThat(SealedFixtures.resealed(event)).as(where).isEqualTo(event.sealed());
                opened.add(where);
            }
        }
        assertThat(opened).as("the suite's sealed events").hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void anExampleEventWithAnotherInputIdOrOriginInTheClearDoesNotOpen() throws IOException {
        SealedEvent event = SealedFixtures.sealedEvents(
                        Json.MAPPER.readTree(Files.readString(SUITE.resolve("messages/host-to-relay/events.json"))))
                .get(0);
        assertThat(event.inputId()).isNotNull();
        SealedEvent otherInput = new SealedEvent(
                event.seq(), event.ts(), event.type(), "in-other", event.origin(), null, null, event.sealed());
        SealedEvent otherOrigin = new SealedEvent(
                event.seq(), event.ts(), event.type(), event.inputId(), "editor", null, null, event.sealed());
        SealedEvent unstamped =
                new SealedEvent(event.seq(), event.ts(), event.type(), null, null, null, null, event.sealed());
        for (SealedEvent relabelled : List.of(otherInput, otherOrigin, unstamped)) {
            assertThatThrownBy(() -> seal.open(SealedFixtures.EPOCH, relabelled))
                    .as("%s", relabelled)
                    .isInstanceOf(SealException.class);
        }
    }
}
