package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The display names of {@code conformance/display-names.json}, which the web client's tests read too. */
class SessionNamesTest {
    @Test
    void everySurfaceCallsASessionAsTheConformanceCasesSay() {
        JsonNode cases = Conformance.tree(Conformance.read(Conformance.ROOT.resolve("display-names.json")))
                .get("cases");
        List<JsonNode> all = StreamSupport.stream(cases.spliterator(), false).toList();

        assertThat(all).isNotEmpty().allSatisfy(c -> assertThat(SessionNames.displayName(
                        c.get("sessionId").asText(),
                        c.hasNonNull("title") ? c.get("title").asText() : null))
                .as("%s", c)
                .isEqualTo(c.get("displayName").asText()));
    }

    @Test
    void untitledSessionsWithDifferentIdsHaveDifferentNames() {
        assertThat(SessionNames.displayName("ses_AAAAAAAA1111", null))
                .isNotEqualTo(SessionNames.displayName("ses_BBBBBBBB1111", null));
    }
}
