package dev.baton.server.tui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.terminal.Columns;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns a session's events and assistant deltas into the lines a terminal shows. Assistant text is printed
 * line by line as its deltas arrive; the committed {@code assistant_message} then prints only what the deltas
 * had not, so a reply is never shown twice. Not thread-safe: one subscription feeds it.
 */
final class EventText {
    static final String TERMINAL = "terminal";
    private static final String PROMPT_TITLE = "prompt";
    /** In terminal columns. */
    private static final int RESULT_WIDTH = 100;
    /** A command typed here prints its output as a shell would, up to this many lines. */
    static final int COMMAND_LINES = 200;

    private final Consumer<String> out;
    private final Set<String> ownInputs;
    private final UnaryOperator<String> deviceName;
    private final BooleanSupplier shared;
    private final Map<String, StringBuilder> streaming = new HashMap<>();
    private final Map<String, Integer> printed = new HashMap<>();
    private final Map<String, String> tools = new HashMap<>();
    private final Map<String, String> requests = new HashMap<>();
    private final Set<String> commandInputs = new HashSet<>();
    private final Set<String> commandCalls = new HashSet<>();

    /**
     * @param out prints one or more whole lines
     * @param ownInputs the ids of inputs typed here: the line editor already shows those messages
     * @param deviceName a device's name from its id, as events name it
     * @param shared whether Remote Control is on, so a prompt can also be answered on a device
     */
    EventText(Consumer<String> out, Set<String> ownInputs, UnaryOperator<String> deviceName, BooleanSupplier shared) {
        this.out = out;
        this.ownInputs = ownInputs;
        this.deviceName = deviceName;
        this.shared = shared;
    }

    void delta(String messageId, String text) {
        StringBuilder buffer = streaming.computeIfAbsent(messageId, id -> new StringBuilder());
        buffer.append(text);
        int done = printed.getOrDefault(messageId, 0);
        int end = buffer.lastIndexOf("\n");
        if (end >= done) {
            out.accept(buffer.substring(done, end));
            printed.put(messageId, end + 1);
        }
    }

    void events(List<Event> events) {
        events.forEach(this::event);
    }

    private void event(Event event) {
        switch (event.body()) {
            case EventBody.UserMessage m -> {
                if (event.inputId() == null || !ownInputs.contains(event.inputId())) {
                    out.accept("› " + m.text() + from(event.origin()));
                } else if (m.text().startsWith("!")) {
                    commandInputs.add(event.inputId());
                }
            }
            case EventBody.AssistantMessage m -> settle(m);
            case EventBody.ToolCall c -> {
                String line = toolLine(c.tool(), c.input());
                tools.put(c.callId(), c.tool());
                if (commandInputs.remove(event.inputId())) {
                    commandCalls.add(c.callId());
                }
                out.accept("● " + line);
            }
            case EventBody.ToolResult r -> out.accept(
                    "  ⎿ " + (commandCalls.remove(r.callId()) ? commandOutput(r) : result(r)));
            case EventBody.PermissionRequest p -> {
                requests.put(p.requestId(), p.tool());
                out.accept("? Allow " + p.tool() + ": " + p.summary() + "   [y] allow  [n] deny  [a] always allow"
                        + (shared.getAsBoolean() ? "  (here or on a device: the first answer counts)" : ""));
            }
            case EventBody.PermissionDecision d -> {
                String tool = requests.getOrDefault(d.requestId(), "the tool");
                String who = TERMINAL.equals(event.origin()) ? "here" : "on " + deviceName.apply(event.origin());
                out.accept("  " + tool + " " + decided(d.decision()) + " (answered " + who + ")");
            }
            case EventBody.Status s -> {}
            case EventBody.Title t -> {
                if (!PROMPT_TITLE.equals(t.source())) {
                    out.accept("Title: " + t.title()); // one made from the prompt would only repeat it
                }
            }
            case EventBody.Notice n -> out.accept(n.text());
            case EventBody.Error e -> out.accept("✗ " + e.message());
            case EventBody.ConversationCleared c -> out.accept("── conversation cleared ──");
        }
    }

    /** Prints what the deltas of {@code message} left unprinted, or all of it when none were streamed here. */
    private void settle(EventBody.AssistantMessage message) {
        StringBuilder streamed = streaming.remove(message.messageId());
        int done = printed.getOrDefault(message.messageId(), 0);
        printed.remove(message.messageId());
        String text = message.text() == null ? "" : message.text();
        String already = streamed == null ? "" : streamed.substring(0, done);
        String rest = text.startsWith(already) ? text.substring(already.length()) : text;
        if (!rest.isBlank()) {
            out.accept(rest.stripTrailing());
        }
    }

    private String from(String origin) {
        return origin == null || TERMINAL.equals(origin) ? "" : "   (from " + deviceName.apply(origin) + ")";
    }

    /** {@code Edit src/app.ts}: the tool and the one argument that says what it touches. */
    static String toolLine(String tool, JsonNode input) {
        if (input == null || !input.isObject()) {
            return tool;
        }
        for (String key : List.of("path", "file_path", "command", "pattern", "url", "query")) {
            JsonNode value = input.get(key);
            if (value != null && value.isTextual()) {
                return tool + " " + firstLine(value.asText());
            }
        }
        return tool;
    }

    /** The agent's tool output in one line: the person follows what the agent does, not every line it read. */
    private static String result(EventBody.ToolResult result) {
        String output = result.output() == null ? "" : result.output().strip();
        long lines = output.isEmpty() ? 0 : output.lines().count();
        String first = output.isEmpty() ? (result.ok() ? "done" : "") : firstLine(output);
        return withStatus(result, first) + (lines > 1 ? "  (+" + (lines - 1) + " lines)" : "");
    }

    /** A {@code !command} typed here: the person asked to see its output, so it is shown as a shell would. */
    private static String commandOutput(EventBody.ToolResult result) {
        String output = result.output() == null ? "" : result.output().strip();
        List<String> lines = output.isEmpty() ? List.of() : output.lines().toList();
        String first = lines.isEmpty() ? (result.ok() ? "done" : "") : lines.getFirst();
        StringBuilder shown = new StringBuilder(withStatus(result, first));
        int end = Math.min(lines.size(), COMMAND_LINES);
        for (String line : lines.subList(Math.min(1, end), end)) {
            shown.append("\n    ").append(line);
        }
        if (lines.size() > COMMAND_LINES) {
            shown.append("\n    (+").append(lines.size() - COMMAND_LINES).append(" more lines)");
        }
        return shown.toString();
    }

    /** A failure without output (a command stopped by Ctrl-C) is the status alone, not "exit 130: ". */
    private static String withStatus(EventBody.ToolResult result, String first) {
        String head = result.ok() ? "" : result.exitCode() != null ? "exit " + result.exitCode() : "failed";
        return head.isEmpty() ? first : first.isEmpty() ? head : head + ": " + first;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return Columns.cut(line, RESULT_WIDTH);
    }

    private static String decided(Decision decision) {
        return switch (decision) {
            case ALLOW -> "allowed";
            case DENY -> "denied";
            case ALLOW_ALWAYS -> "always allowed";
        };
    }
}
