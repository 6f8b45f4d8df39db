package dev.baton.server.terminal;

import java.io.IOError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The live status screen: drawn on the terminal's alternate screen and redrawn in place (only the lines that
 * changed), with single keys read in raw mode. The terminal's modes and main screen come back on
 * {@link #close()}, and on JVM shutdown if nobody closed the screen.
 */
public final class TerminalScreen implements StatusView {
    /** How long the answer to {@code w} stays, unless another key clears it first. */
    static final Duration ANSWER_TIME = Duration.ofSeconds(5);

    /** How long a host's notice stays: longer than an answer, because nobody pressed a key to expect it. */
    static final Duration NOTICE_TIME = Duration.ofSeconds(15);

    private static final int CTRL_C = 3;

    private final Terminal terminal;
    private final Actions actions;
    private final Clock clock;
    private final Display display;
    private final Attributes original;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("status-screen-timer").factory());
    private final Thread reader;
    private final Thread restoreOnExit;

    // Guarded by lock.
    private ScreenState state;
    private boolean showQr;
    private String notice;
    private Instant noticeUntil;
    private ScheduledFuture<?> tick;
    private boolean closed;
    private int drawnWidth;
    private int drawnHeight;

    private TerminalScreen(Terminal terminal, Actions actions, Clock clock) {
        this.terminal = terminal;
        this.actions = actions;
        this.clock = clock;
        this.display = new Display(terminal, true);
        this.original = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        // Ctrl-C is a key here (raw mode keeps ISIG on, so it may also arrive as SIGINT).
        terminal.handle(Terminal.Signal.INT, signal -> stopAsked());
        terminal.handle(Terminal.Signal.WINCH, signal -> redraw());
        this.restoreOnExit = new Thread(this::restore, "status-screen-restore");
        Runtime.getRuntime().addShutdownHook(restoreOnExit);
        this.reader = Thread.ofVirtual().name("status-screen-keys").start(this::readKeys);
    }

    /**
     * Takes over {@code terminal} (raw mode, alternate screen) until {@link #close()}; closing the screen also
     * closes the terminal.
     */
    public static TerminalScreen open(Terminal terminal, Actions actions, Clock clock) {
        return new TerminalScreen(terminal, actions, clock);
    }

    @Override
    public void show(ScreenState state) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            this.state = state;
            scheduleTick(state.offlineDeadline() != null);
            draw();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; restore() has already done its work.
        }
        reader.interrupt();
        timer.shutdownNow();
    }

    private void restore() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.setAttributes(original);
            terminal.close();
        } catch (IOException | UncheckedIOException | IOError e) {
            // The terminal is gone (its window closed); nothing is left to restore.
        } finally {
            lock.unlock();
        }
    }

    private void readKeys() {
        NonBlockingReader keys = terminal.reader();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int key = keys.read();
                if (key < 0) {
                    return;
                }
                onKey(key);
            }
        } catch (InterruptedIOException | UncheckedIOException | IOError e) {
            // Closed while waiting for a key.
        } catch (IOException e) {
            // The terminal went away; the host notices its own way (SIGHUP).
        }
    }

    private void onKey(int key) {
        switch (key) {
            case ' ' -> {
                lock.lock();
                try {
                    showQr = !showQr;
                    notice = null;
                    draw();
                } finally {
                    lock.unlock();
                }
            }
            case 'w', 'W' -> note(actions.toggleSpawnMode(), ANSWER_TIME);
            case 'q', 'Q', CTRL_C -> stopAsked();
            default -> note(null, ANSWER_TIME);
        }
    }

    private void stopAsked() {
        note("Stopping…", ANSWER_TIME);
        actions.stop();
    }

    @Override
    public void notice(String text) {
        note(text, NOTICE_TIME);
    }

    /** Shows (or, with null, clears) a one-line message for {@code time}, or until the next key. */
    private void note(String text, Duration time) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            notice = text;
            noticeUntil = clock.instant().plus(time);
            if (text != null) {
                timer.schedule(this::redraw, time.toMillis(), TimeUnit.MILLISECONDS);
            }
            draw();
        } finally {
            lock.unlock();
        }
    }

    private void redraw() {
        lock.lock();
        try {
            draw();
        } finally {
            lock.unlock();
        }
    }

    /** The countdown needs a redraw every second, and only it does: otherwise the screen is still. */
    private void scheduleTick(boolean counting) {
        if (counting && tick == null) {
            tick = timer.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        } else if (!counting && tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    private void draw() {
        if (closed || state == null) {
            return;
        }
        Instant now = clock.instant();
        if (notice != null && !now.isBefore(noticeUntil)) {
            notice = null;
        }
        Size size = terminal.getSize();
        int width = size.getColumns() > 0 ? size.getColumns() : 80;
        int height = size.getRows() > 0 ? size.getRows() : 24;
        if (width != drawnWidth || height != drawnHeight) {
            // The terminal reflowed the old lines its own way; only a clean slate is sure to be right.
            display.clear();
            display.resize(height, width);
            drawnWidth = width;
            drawnHeight = height;
        }
        List<AttributedString> lines = StatusText.lines(state, now, showQr, notice, width, height);
        try {
            display.update(lines, -1);
        } catch (UncheckedIOException | IOError e) {
            // The terminal is gone; the next state or close() finds out the same way.
        }
    }
}
