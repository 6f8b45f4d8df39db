package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.session.shell.ShellCommand;
import dev.baton.server.session.shell.ShellResult;
import dev.baton.server.session.shell.StopReason;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/** Runs a shell command in the working directory; the same process handling as a person's {@code !cmd}. */
public final class ShellTool implements Tool {
    static final int DEFAULT_TIMEOUT_SECONDS = 120;
    static final int MAX_TIMEOUT_SECONDS = 600;
    private static final int SUMMARY_LIMIT = 120;

    private static final JsonNode SCHEMA = Schema.object()
            .requiredString("command", "The command line, run by `/bin/sh -c` in the working directory.")
            .integer(
                    "timeout_seconds",
                    "Stop the command after this many seconds. Default " + DEFAULT_TIMEOUT_SECONDS + ", at most "
                            + MAX_TIMEOUT_SECONDS + ".",
                    1)
            .build();

    @Override
    public String name() {
        return "Shell";
    }

    @Override
    public String description() {
        return "Runs a command with `/bin/sh -c` in the working directory, with stdin closed, and returns its"
                + " stdout and stderr interleaved (the first 64 KB; a note says how much was dropped) and its exit"
                + " code. The command is stopped, with its child processes, after `timeout_seconds`. Do not start"
                + " interactive programs or servers that never exit. Asks the user for permission.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        String command = command(input);
        timeLimit(input);
        return new Access.NeedsPermission("Run " + summary(command), command);
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) throws InterruptedException {
        String command = command(input);
        Duration timeLimit = timeLimit(input);
        ShellCommand shell;
        try {
            shell = ShellCommand.start(command, context.workingDirectory(), timeLimit, context.sandbox());
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot start /bin/sh: " + e.getMessage());
        }
        ShellResult result = await(shell, context.cancellation());
        if (result.stopReason() == StopReason.INTERRUPTED) {
            throw new InterruptedException("the command was interrupted");
        }
        StringBuilder output = new StringBuilder(result.output());
        if (output.isEmpty()) {
            output.append("(no output)");
        }
        if (result.stopReason() == null && result.exitCode() != 0) {
            output.append(output.charAt(output.length() - 1) == '\n' ? "" : "\n")
                    .append("[exit code ")
                    .append(result.exitCode())
                    .append(']');
        }
        return new ToolOutcome(result.ok(), output.toString(), result.exitCode());
    }

    /** Waits for the command to end; a cancel stops it (and its children) and still waits for the end. */
    private static ShellResult await(ShellCommand shell, Cancellation cancellation) throws InterruptedException {
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> shell.stop(StopReason.INTERRUPTED))) {
            return shell.result().get();
        } catch (InterruptedException e) {
            shell.stop(StopReason.INTERRUPTED);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a shell result never fails", e);
        }
    }

    /** The command's first line, cut to fit a prompt; the rule subject keeps it whole. */
    private static String summary(String command) {
        String trimmed = command.strip();
        int newline = trimmed.indexOf('\n');
        String first = newline < 0 ? trimmed : trimmed.substring(0, newline).stripTrailing();
        boolean more = newline >= 0 || first.length() > SUMMARY_LIMIT;
        return (first.length() > SUMMARY_LIMIT ? first.substring(0, SUMMARY_LIMIT) : first) + (more ? " …" : "");
    }

    private static String command(JsonNode input) {
        String command = Inputs.requiredString(input, "command");
        if (command.isBlank()) {
            throw new ToolInputException("the command is empty");
        }
        return command;
    }

    private static Duration timeLimit(JsonNode input) {
        int seconds = Inputs.optionalInt(input, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS, 1);
        if (seconds > MAX_TIMEOUT_SECONDS) {
            throw new ToolInputException("timeout_seconds may be at most " + MAX_TIMEOUT_SECONDS + ", got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
