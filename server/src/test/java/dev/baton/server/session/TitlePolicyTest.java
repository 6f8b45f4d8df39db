package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TitlePolicyTest {
    private final SessionState state = new SessionState();
    private long seq;

    private void logged(EventBody body) {
        state.apply(new Event(++seq, Instant.EPOCH, "in-" + seq, "editor", body));
    }

    @Test
    void theFirstPromptTitlesAnUntitledSessionAndNoLaterOne() {
        assertThat(TitlePolicy.forPrompt(state, "fix the build\nit fails on CI"))
                .contains(new EventBody.Title("fix the build", Titles.PROMPT));

        logged(new EventBody.Title("fix the build", Titles.PROMPT));

        assertThat(TitlePolicy.forPrompt(state, "now the docs")).isEmpty();
    }

    @Test
    void aRenameIsCleanedOrRefusedWithAStableCode() {
        assertThat(TitlePolicy.rename("  new\n  name ")).isEqualTo(new EventBody.Title("new name", Titles.RENAME));
        assertThat(TitlePolicy.rename("   ")).isInstanceOfSatisfying(EventBody.Error.class, e -> assertThat(e.code())
                .isEqualTo("missing_argument"));
        assertThat(TitlePolicy.rename("x".repeat(Titles.MAX_LENGTH + 1)))
                .isInstanceOfSatisfying(
                        EventBody.Error.class, e -> assertThat(e.code()).isEqualTo("invalid_title"));
    }

    @Test
    void aNameLongerThanATitleIsRefused() {
        assertThat(TitlePolicy.nameRefused("x".repeat(Titles.MAX_LENGTH))).isEmpty();
        assertThat(TitlePolicy.nameRefused("x".repeat(Titles.MAX_LENGTH + 1)))
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("invalid_title"));
    }

    @Test
    void remoteControlWithANameTitlesTheSessionUnlessItIsAlreadyThatChosenName() {
        logged(new EventBody.Title("first prompt", Titles.PROMPT));
        assertThat(TitlePolicy.onRemoteControl(state, " laptop ")).contains(new EventBody.Title("laptop", Titles.NAME));

        logged(new EventBody.Title("laptop", Titles.RENAME));
        assertThat(TitlePolicy.onRemoteControl(state, "laptop")).isEmpty();
    }

    @Test
    void remoteControlWithoutANameRetitlesFromTheLastPromptUnlessAPersonChoseTheTitle() {
        logged(new EventBody.UserMessage("first question"));
        logged(new EventBody.Title("first question", Titles.PROMPT));
        logged(new EventBody.UserMessage("second question"));
        logged(new EventBody.UserMessage("!ls"));

        assertThat(TitlePolicy.onRemoteControl(state, ""))
                .contains(new EventBody.Title("second question", Titles.CONVERSATION));

        logged(new EventBody.Title("second question", Titles.CONVERSATION));
        assertThat(TitlePolicy.onRemoteControl(state, ""))
                .as("already that title")
                .isEmpty();

        logged(new EventBody.Title("mine", Titles.RENAME));
        logged(new EventBody.UserMessage("third question"));
        assertThat(TitlePolicy.onRemoteControl(state, ""))
                .as("a chosen title stays")
                .isEmpty();
    }

    @Test
    void remoteControlWithoutANameOrAnyPromptKeepsTheTitle() {
        logged(new EventBody.UserMessage("/status"));
        assertThat(TitlePolicy.onRemoteControl(state, null)).isEmpty();
    }
}
