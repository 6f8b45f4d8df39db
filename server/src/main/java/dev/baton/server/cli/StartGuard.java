package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.trust.ProjectFiles;
import dev.baton.server.trust.ProjectSummary;
import dev.baton.server.trust.TrustStatus;
import dev.baton.server.trust.WorkspaceTrust;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a terminal start ({@code baton remote-control}) settles before it touches a session or a relay:
 * {@code $BATON_HOME} private, and the folder's trust. A folder with project files and no standing
 * decision is put to the person at the terminal once (their answer is remembered); without a terminal
 * (a script, CI) nothing is trusted implicitly and the start is refused, exit 2, saying how to trust it
 * ahead with {@code baton trust DIR}.
 */
final class StartGuard {
    private static final int ATTEMPTS = 3;

    private final WorkspaceTrust trust;
    private final Optional<Console> terminal;
    private final PrintWriter err;

    private StartGuard(WorkspaceTrust trust, Optional<Console> terminal, PrintWriter err) {
        this.trust = trust;
        this.terminal = terminal;
        this.err = err;
    }

    /**
     * Secures {@code $BATON_HOME} and settles the trust of the current directory.
     *
     * @return a reminder to repeat where the person will look next (a status screen hides this
     *     terminal's lines) when the folder's project layer is off by their decision
     * @throws ConfigurationException (exit 2) when the folder needs a decision and nobody can make it
     */
    static Optional<String> check(Map<String, String> env, PrintWriter err) throws IOException {
        BatonHome home = BatonHome.fromEnvironment(env).secure(notice -> {
            err.println("baton: " + notice);
            err.flush();
        });
        return new StartGuard(WorkspaceTrust.in(home), interactiveConsole(), err)
                .settle(Path.of("").toAbsolutePath());
    }

    private Optional<String> settle(Path directory) {
        TrustStatus status = trust.status(directory);
        if (status instanceof TrustStatus.Declined) {
            String reminder = declined(status);
            err.println("baton: " + reminder);
            err.flush();
            return Optional.of(reminder);
        } else if (status instanceof TrustStatus.Changed
                || (status instanceof TrustStatus.Untrusted && ProjectFiles.any(directory))) {
            return ask(status);
        }
        // Trusted, or untrusted with no project file: nothing it could run or change.
        return Optional.empty();
    }

    private static String declined(TrustStatus status) {
        return "Not trusted: this folder's project settings and MCP servers are off. baton trust " + status.folder()
                + " changes that.";
    }

    private Optional<String> ask(TrustStatus status) {
        Console console = terminal.orElseThrow(() -> new ConfigurationException(TrustMessages.refusal(status)));
        PrintWriter screen = console.writer();
        screen.println(
                status instanceof TrustStatus.Changed changed
                        ? "You trusted " + status.folder() + ", but " + String.join(" and ", changed.files())
                                + " changed since."
                        : status.folder() + " is not trusted yet.");
        ProjectSummary.lines(status.folder()).forEach(screen::println);
        screen.println("Trusting it lets these run and apply without asking. Untrusted, its project settings and"
                + " MCP servers stay off (its deny rules still apply).");
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String answer = console.readLine("Trust this folder? Baton remembers your answer. [yes/no]: ");
            if (answer == null) {
                break; // the terminal closed: no answer is no decision
            }
            switch (answer.strip().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> {
                    trust.trust(status.folder());
                    return Optional.empty();
                }
                case "n", "no" -> {
                    trust.decline(status.folder());
                    screen.println(declined(status));
                    screen.flush();
                    return Optional.of(declined(status));
                }
                default -> screen.println("Please answer yes or no.");
            }
        }
        throw new ConfigurationException(TrustMessages.refusal(status));
    }

    /**
     * The console when stdin and stdout are a terminal. Since Java 22 {@link System#console()} may
     * return a console for redirected streams too, and only {@code Console.isTerminal()} (absent from
     * the Java 21 API this is compiled against) tells; it is looked up when present.
     */
    static Optional<Console> interactiveConsole() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console)
                    ? Optional.of(console)
                    : Optional.empty();
        } catch (NoSuchMethodException beforeJava22) {
            return Optional.of(console); // before Java 22, a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }
}
