package dev.baton.server.terminal;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import dev.baton.server.qr.ScanUrl;
import dev.baton.server.terminal.ScreenState.SessionLine;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lays out the live screen as lines no wider than the terminal, so a long title or path is cut rather than
 * wrapped by the terminal into lines the next redraw cannot find. Pure: the same inputs give the same lines.
 */
final class StatusText {
    static final String KEYS = "Space QR code · w spawn mode · q quit";
    /** With {@code --spawn session} there is no mode to switch to. */
    static final String KEYS_WITHOUT_SPAWNING = "Space QR code · q quit";

    private static final AttributedStyle BOLD = AttributedStyle.BOLD;
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle GREEN = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle YELLOW = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle RED = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

    private StatusText() {}

    /**
     * The screen's lines.
     *
     * @param now the moment the offline countdown is measured from
     * @param showQr whether the person asked for the QR code
     * @param notice a short answer to the last key, or null
     */
    static List<AttributedString> lines(
            ScreenState state, Instant now, boolean showQr, String notice, int width, int height) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(new AttributedStringBuilder()
                .style(BOLD)
                .append("Baton Remote Control · ")
                .append(state.environmentName())
                .toAttributedString());
        field(lines, "Directory", state.directory().toString(), AttributedStyle.DEFAULT);
        field(lines, "Spawn", state.spawnMode().flag(), AttributedStyle.DEFAULT);
        lines.add(connection(state, now));
        field(lines, "Sandbox", state.sandboxed() ? "on" : "off", state.sandboxed() ? GREEN : YELLOW);
        lines.add(AttributedString.EMPTY);
        // The screen shows a new code once one is used or about to expire, but a URL copied from it does not follow.
        for (String line : wrap("Open this URL on your phone (its pairing code works once, for 10 minutes):", width)) {
            lines.add(new AttributedString(line));
        }
        lines.addAll(urlLines(state.sessionUrl(), width));
        if (showQr) {
            List<AttributedString> qr = qr(state.sessionUrl());
            int qrWidth = Columns.width(qr.getFirst());
            // Everything else on the QR screen: the lines so far, a blank line and the keys line.
            if (qrWidth <= width && lines.size() + qr.size() + 2 <= height) {
                lines.addAll(qr);
            } else if (qrWidth <= width && qr.size() + 1 <= height) {
                // Alone, as on an 80×24 terminal: a phone needs the whole code, the rest is one Space away.
                return fit(keys(new ArrayList<>(qr), state.spawnMode(), notice, width), width, height);
            } else {
                lines.add(AttributedString.EMPTY);
                lines.add(new AttributedString(
                        "Terminal too small for the QR code (needs %d×%d); open the URL."
                                .formatted(qrWidth, qr.size() + 1),
                        YELLOW));
            }
        } else {
            reach(lines, state.reach(), width);
            lines.add(AttributedString.EMPTY);
            sessions(lines, state);
        }
        lines.add(AttributedString.EMPTY);
        return fit(keys(lines, state.spawnMode(), notice, width), width, height);
    }

    /** The notice, if any, and the keys line at the bottom. */
    private static List<AttributedString> keys(List<AttributedString> lines, SpawnMode mode, String notice, int width) {
        if (notice != null) {
            for (String line : wrap(notice, width)) {
                lines.add(new AttributedString(line, BOLD));
            }
        }
        lines.add(new AttributedString(mode == SpawnMode.SESSION ? KEYS_WITHOUT_SPAWNING : KEYS, DIM));
        return lines;
    }

    /** {@code m:ss} until the deadline, never negative. */
    static String countdown(Instant deadline, Instant now) {
        long seconds = Math.max(0, Duration.between(now, deadline).toSeconds());
        return "%d:%02d".formatted(seconds / 60, seconds % 60);
    }

    /**
     * "Sessions", and where devices may ask for more, how many of the capacity run: at capacity, a phone's
     * "New session" is refused there, and this is where the person at the machine learns why.
     */
    private static AttributedString sessionsHeading(int running, int capacity, SpawnMode mode) {
        AttributedStringBuilder heading = new AttributedStringBuilder().append("Sessions", BOLD);
        if (mode == SpawnMode.SESSION) {
            return heading.toAttributedString();
        }
        heading.append("  %d of %d".formatted(running, capacity), DIM);
        if (running >= capacity) {
            heading.append(" · full: New session is refused until one ends", YELLOW);
        }
        return heading.toAttributedString();
    }

    /** The fixed advice for who can open the URL; empty for a named relay. */
    static List<String> reachHint(ScreenState.Reach reach) {
        return switch (reach) {
            case THIS_MACHINE -> List.of(
                    "Only this machine can open this URL. To open it from a phone, restart with",
                    "  --bind 0.0.0.0        a phone on the same network can open it, or",
                    "  --relay <url>         use a relay the phone can reach");
            case LOCAL_NETWORK -> List.of(
                    "Warning: anyone who can reach this address and holds the pairing code can join.",
                    "For other networks, run a standalone relay with TLS and use --relay <url>.");
            case RELAY -> List.of();
        };
    }

    static String activity(SessionLine session) {
        String what =
                switch (session.activity()) {
                    case IDLE -> "idle";
                    case WORKING -> "working";
                    case WAITING_FOR_PERMISSION -> "waiting for permission";
                };
        return session.tool() == null ? what : what + " · " + session.tool();
    }

    /** {@code 1 device}, {@code 3 devices}; empty when the count is unknown, so nothing false is shown. */
    static String devices(OptionalInt devices) {
        if (devices.isEmpty()) {
            return "";
        }
        int count = devices.getAsInt();
        return count == 1 ? "1 device" : count + " devices";
    }

    private static AttributedString connection(ScreenState state, Instant now) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        line.append(label("Relay")).append(state.relayUrl()).append("  ");
        ConnectionState connection = state.connection();
        AttributedStyle style =
                switch (connection) {
                    case ONLINE -> GREEN;
                    case CONNECTING, RECONNECTING -> YELLOW;
                    case OFF, OFFLINE -> RED;
                };
        line.style(style).append(connection.name().toLowerCase(java.util.Locale.ROOT));
        if (state.offlineDeadline() != null) {
            line.append(" · Remote Control ends in ").append(countdown(state.offlineDeadline(), now));
        }
        return line.toAttributedString();
    }

    private static void field(List<AttributedString> lines, String label, String value, AttributedStyle style) {
        lines.add(new AttributedStringBuilder()
                .append(label(label))
                .style(style)
                .append(value)
                .toAttributedString());
    }

    private static String label(String label) {
        return "%-11s".formatted(label);
    }

    /** The URL must stay whole to be copied, so unlike everything else it continues on the next lines. */
    private static List<AttributedString> urlLines(String url, int width) {
        List<AttributedString> lines = new ArrayList<>();
        AttributedString rest = new AttributedString(url, BOLD);
        while (rest.length() > 0) {
            AttributedString line = Columns.head(rest, width);
            if (line.length() == 0) {
                // Narrower than one character: the character alone, for the cut to the width to end it.
                line = rest.subSequence(0, Character.charCount(Character.codePointAt(rest, 0)));
            }
            lines.add(line);
            rest = rest.subSequence(line.length(), rest.length());
        }
        return lines;
    }

    /** The session URL as a QR code, the scanner's shorter form of it (see {@link ScanUrl}). */
    private static List<AttributedString> qr(String url) {
        return QrText.render(QrCodes.encode(ScanUrl.of(url)))
                .lines()
                .map(AttributedString::new)
                .toList();
    }

    /**
     * The advice wraps on a narrow terminal, where a cut would lose its point; an indented line is a flag
     * and its meaning in columns, which only fit whole or cut.
     */
    private static void reach(List<AttributedString> lines, ScreenState.Reach reach, int width) {
        List<String> hint = reachHint(reach);
        if (hint.isEmpty()) {
            return;
        }
        lines.add(AttributedString.EMPTY);
        AttributedStyle style = reach == ScreenState.Reach.LOCAL_NETWORK ? YELLOW : AttributedStyle.DEFAULT;
        for (String line : hint) {
            for (String part : line.startsWith(" ") ? List.of(line) : wrap(line, width)) {
                lines.add(new AttributedString(part, style));
            }
        }
    }

    private static void sessions(List<AttributedString> lines, ScreenState state) {
        List<SessionLine> sessions = state.sessions();
        lines.add(sessionsHeading(sessions.size(), state.capacity(), state.spawnMode()));
        if (sessions.isEmpty()) {
            lines.add(new AttributedString("  none yet", DIM));
        }
        for (SessionLine session : sessions) {
            AttributedStyle style =
                    switch (session.activity()) {
                        case IDLE -> DIM;
                        case WORKING -> GREEN;
                        case WAITING_FOR_PERMISSION -> YELLOW;
                    };
            AttributedStringBuilder line = new AttributedStringBuilder()
                    .append("  ")
                    .append(session.title())
                    .append("  ");
            String devices = devices(session.devices());
            if (!devices.isEmpty()) {
                line.style(DIM).append(devices).append("  ");
            }
            lines.add(line.style(style).append(activity(session)).toAttributedString());
            if (session.worktree() != null) {
                lines.add(new AttributedString("    worktree " + session.worktree(), DIM));
            }
        }
    }

    /**
     * Cuts every line to the width and, on a terminal too short for them all, drops lines above the keys line
     * so that the screen never scrolls (a scrolled screen cannot be redrawn in place).
     */
    private static List<AttributedString> fit(List<AttributedString> lines, int width, int height) {
        List<AttributedString> cut = new ArrayList<>(lines.size());
        for (AttributedString line : lines) {
            cut.add(Columns.cut(line, width));
        }
        int rows = Math.max(1, height);
        if (cut.size() > rows) {
            AttributedString keys = cut.getLast();
            cut = new ArrayList<>(cut.subList(0, rows - 1));
            cut.add(keys);
        }
        return cut;
    }

    /**
     * Breaks a message at spaces into lines of at most {@code width} columns (a word longer than that is
     * cut later), so that a host's longer notice is read whole rather than cut.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int columns = 0;
        for (String word : text.strip().split("\\s+")) {
            int wordColumns = Columns.width(word);
            if (!line.isEmpty() && columns + 1 + wordColumns > width) {
                lines.add(line.toString());
                line.setLength(0);
                columns = 0;
            }
            if (!line.isEmpty()) {
                line.append(' ');
                columns++;
            }
            line.append(word);
            columns += wordColumns;
        }
        lines.add(line.toString());
        return lines;
    }
}
