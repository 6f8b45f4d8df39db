package dev.baton.server.terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Picks the status view for this process: the live screen on a real terminal, plain lines otherwise. */
public final class StatusViews {
    private StatusViews() {}

    /**
     * A {@link TerminalScreen} when standard input and output are a real terminal, else {@link PlainStatusLines}
     * printing to {@code plain}.
     *
     * @param actions what the screen's keys do; a plain view has no keys
     * @param plain where plain lines go when there is no terminal (normally standard output)
     */
    public static StatusView open(StatusView.Actions actions, PrintStream plain) {
        return systemTerminal()
                .<StatusView>map(terminal -> TerminalScreen.open(terminal, actions, Clock.systemUTC()))
                .orElseGet(() -> new PlainStatusLines(plain));
    }

    /** The process's own terminal, or empty when standard input or output is a pipe or a file. */
    static Optional<Terminal> systemTerminal() {
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            // JDK 21 answers null unless both are a terminal; later JDKs leave that to JLine below.
            return Optional.empty();
        }
        try {
            // dumb(false): rather no terminal than JLine's dumb one, which would draw the screen into a pipe.
            return Optional.of(
                    TerminalBuilder.builder().system(true).dumb(false).build());
        } catch (IOException | IllegalStateException notATerminal) {
            return Optional.empty();
        }
    }
}
