package dev.baton.server.tui;

import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Decision;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One conversation at the terminal: prints what the session commits (from any surface) and sends what the
 * user types as inputs with origin {@code terminal}. A pending permission prompt turns the prompt into a
 * question that y, n or a answers; answered elsewhere, it goes at once.
 */
final class ConversationLoop implements SessionListener {
    /** A second Ctrl-C within this time of one that interrupted a turn exits. */
    static final Duration DOUBLE_INTERRUPT = Duration.ofSeconds(2);

    static final String PROMPT = "› ";
    static final String SETTINGS_PROMPT = "Toggle which setting? [1, Enter leaves] ";

    private final Session session;
    private final Console console;
    private final LongSupplier nanoTime;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    /**
     * This terminal's own {@code /remote-control} inputs. It shows their answer itself, the URL and a QR code
     * that fills a 24-line terminal, so the notice that answers them in the log (for the other devices) is
     * not printed here too, where it would push the code's top off the screen.
     */
    private final Set<String> ownPairings = ConcurrentHashMap.newKeySet();

    private final EventText text;
    private final RemoteControlSetting setting;
    private boolean settingsOpen;
    private volatile Snapshot snapshot;
    private volatile long seenSeq;
    private long lastInterrupt = Long.MIN_VALUE;

    ConversationLoop(
            Session session,
            Console console,
            RemoteControlSetting setting,
            UnaryOperator<String> deviceName,
            BooleanSupplier shared,
            LongSupplier nanoTime) {
        this.session = session;
        this.setting = setting;
        this.console = console;
        this.nanoTime = nanoTime;
        this.text = new EventText(console::print, sent, deviceName, shared);
        this.snapshot = session.snapshot();
    }

    /** Reads and sends lines until the user leaves; returns once the session may be closed. */
    void run() {
        while (true) {
            switch (console.read(settingsOpen ? SETTINGS_PROMPT : prompt(snapshot))) {
                case Console.Line line -> typed(line.text().strip());
                case Console.Interrupted interrupted -> {
                    if (!interrupt()) {
                        return;
                    }
                }
                case Console.End end -> {
                    if (!console.interactive()) {
                        awaitSettled();
                    }
                    return;
                }
            }
        }
    }

    /** Interrupts a running turn; false when the user means to leave (idle, or a second Ctrl-C soon after). */
    private boolean interrupt() {
        long now = nanoTime.getAsLong();
        boolean soonAfter = lastInterrupt != Long.MIN_VALUE && now - lastInterrupt < DOUBLE_INTERRUPT.toNanos();
        if (!snapshot.processing() || soonAfter) {
            return false;
        }
        lastInterrupt = now;
        send(new Input.Interrupt());
        console.print("Interrupting… (Ctrl-C again within 2 s exits)");
        return true;
    }

    private void typed(String line) {
        if (settingsOpen) {
            settingsOpen = false;
            if (line.equals("1")) {
                toggleRemoteControl();
                return;
            }
        }
        if (line.isEmpty()) {
            return;
        }
        Optional<Decision> answer = answer(line);
        List<Event> pending = snapshot.pendingPermissions();
        if (answer.isPresent() && !pending.isEmpty()) {
            EventBody.PermissionRequest request =
                    (EventBody.PermissionRequest) pending.getFirst().body();
            send(new Input.Permission(request.requestId(), answer.get()));
            return;
        }
        boolean busy = snapshot.processing();
        String message = aliased(line);
        String inputId = send(new Input.Message(message));
        if (message.toLowerCase(Locale.ROOT).startsWith("/remote-control")) {
            ownPairings.add(inputId);
        }
        if (busy) {
            console.print("  queued: " + line);
        }
        if (line.equalsIgnoreCase("/config")) {
            // The session answers with the model configuration; the terminal adds its own setting below it.
            settingsOpen = true;
            console.print("Settings of baton in the terminal ($BATON_HOME/config.json):\n  1. "
                    + RemoteControlSetting.LABEL + ": " + onOff(setting.enabled()));
        }
    }

    /** Turned on, it applies to this conversation at once too; turned off, from the next start. */
    private void toggleRemoteControl() {
        boolean enabled = setting.toggle();
        console.print("  " + RemoteControlSetting.LABEL + ": " + onOff(enabled)
                + (enabled ? "" : " (from the next baton on)"));
        if (enabled) {
            ownPairings.add(send(new Input.Message("/remote-control")));
        }
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }

    /** {@code /rc} is the terminal's short name for {@code /remote-control}. */
    private static String aliased(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.equals("/rc") || lower.startsWith("/rc ") ? "/remote-control" + line.substring(3) : line;
    }

    private static Optional<Decision> answer(String line) {
        return switch (line.toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> Optional.of(Decision.ALLOW);
            case "n", "no" -> Optional.of(Decision.DENY);
            case "a", "always" -> Optional.of(Decision.ALLOW_ALWAYS);
            default -> Optional.empty();
        };
    }

    private String send(Input input) {
        String inputId = "term-" + UUID.randomUUID();
        sent.add(inputId);
        session.submit(inputId, EventText.TERMINAL, input);
        return inputId;
    }

    static String prompt(Snapshot snapshot) {
        if (snapshot.pendingPermissions().isEmpty()) {
            return PROMPT;
        }
        EventBody.PermissionRequest request = (EventBody.PermissionRequest)
                snapshot.pendingPermissions().getFirst().body();
        return "Allow " + request.tool() + "? [y/n/a] ";
    }

    @Override
    public synchronized void onEvents(List<Event> events) {
        text.events(events.stream()
                .filter(event -> !(event.body() instanceof EventBody.Notice && ownPairings.contains(event.inputId())))
                .toList());
        for (Event event : events) {
            if (event.inputId() != null) {
                answered.add(event.inputId());
            }
        }
        seenSeq = events.getLast().seq();
        notifyAll();
    }

    @Override
    public synchronized void onSnapshot(Snapshot value) {
        boolean promptChanged = !prompt(value).equals(prompt(snapshot));
        snapshot = value;
        if (promptChanged) {
            console.prompt(prompt(value));
        }
        notifyAll();
    }

    @Override
    public synchronized void onDelta(String messageId, String delta) {
        text.delta(messageId, delta);
    }

    /**
     * Without a terminal the input can end before the session has answered it: wait until every input sent
     * has been answered, the session is idle and everything it committed has been printed.
     */
    private synchronized void awaitSettled() {
        try {
            while (!answered.containsAll(sent)
                    || session.snapshot().processing()
                    || seenSeq < session.cursor().seq()) {
                wait(Duration.ofSeconds(1).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
