package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.terminal.ScreenState.Reach;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice of view; the terminal side of it is {@link TerminalScreenTmuxTest}'s demo, which needs a screen. */
class StatusViewsTest {
    @Test
    void aProcessWithoutATerminalGetsPlainLinesWhereItAsked() {
        // The test JVM's standard streams are pipes to the build tool.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusView.Actions actions = new StatusView.Actions() {
            @Override
            public String toggleSpawnMode() {
                throw new AssertionError("a plain view has no keys");
            }

            @Override
            public void stop() {
                throw new AssertionError("a plain view has no keys");
            }
        };

        try (StatusView view = StatusViews.open(actions, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            assertThat(view).isInstanceOf(PlainStatusLines.class);
            view.show(new ScreenState(
                    "demo",
                    Path.of("/work/app"),
                    SpawnMode.SESSION,
                    "https://relay.example",
                    ConnectionState.ONLINE,
                    null,
                    "https://relay.example/s/1#code",
                    Reach.RELAY,
                    false,
                    List.of(),
                    32));
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Relay https://relay.example: online");
    }
}
