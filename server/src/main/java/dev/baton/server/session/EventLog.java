package dev.baton.server.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.event.Event;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file {@code events.jsonl}: one event per line, seq 1, 2, 3 … without holes. Not
 * thread-safe; {@link Journal} serialises access. Holds an exclusive file lock while open, so a second
 * process cannot become a second writer.
 */
final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final Path file;
    private final FileChannel channel;
    private final List<Event> events;
    private final Clock clock;
    /** Who holds the lock, recorded beside the log while it does; null records nobody. */
    private final SessionHolder holder;
    /** Bytes known to hold whole lines; a failed write is cut back to this before the next one. */
    private long committedSize;

    private EventLog(
            Path file, FileChannel channel, List<Event> events, Clock clock, SessionHolder holder, long committedSize) {
        this.file = file;
        this.channel = channel;
        this.events = events;
        this.clock = clock;
        this.holder = holder;
        this.committedSize = committedSize;
    }

    /**
     * Opens or creates the log. A last line that is incomplete or unreadable (a crash mid-write) is cut
     * off with a warning; damage anywhere else is an error, because dropping it would lose history.
     *
     * @param clock stamps each appended event's {@code ts}
     * @throws SessionBusyException when another process (or another store in this one) has it open
     */
    static EventLog open(Path file, Clock clock) throws IOException {
        return open(file, clock, (SessionHolder) null);
    }

    /**
     * As {@link #open(Path, Clock)}, and records {@code holder} (unless null) beside the log while this
     * holds it: {@link SessionHolder#FILE}, written once the lock is taken, removed before it is let go.
     */
    static EventLog open(Path file, Clock clock, SessionHolder holder) throws IOException {
        return open(file, clock, holder, UnaryOperator.identity());
    }

    /** As {@link #open(Path, Clock)}, with the file's channel wrapped: tests make it fail like a full disk. */
    static EventLog open(Path file, Clock clock, UnaryOperator<FileChannel> wrap) throws IOException {
        return open(file, clock, null, wrap);
    }

    private static EventLog open(Path file, Clock clock, SessionHolder holder, UnaryOperator<FileChannel> wrap)
            throws IOException {
        PrivateFiles.createFile(file);
        FileChannel channel = wrap.apply(
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            lock(channel, file);
            List<Event> events = new ArrayList<>();
            long validBytes = readWholeLines(readAll(channel), events, file);
            if (validBytes < channel.size()) {
                LOG.warn(
                        "{}: dropped an incomplete last line ({} bytes) left by an interrupted write",
                        file,
                        channel.size() - validBytes);
                channel.truncate(validBytes);
                channel.force(true);
            }
            if (holder != null) {
                try {
                    holder.write(file.getParent());
                } catch (IOException e) {
                    // Only a courtesy to whoever finds the log locked: it can still say "another process".
                    LOG.warn("{}: could not record which process holds it: {}", file, e.getMessage());
                }
            }
            return new EventLog(file, channel, events, clock, holder, validBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The whole file, read through the locked channel. Not {@code Files.readAllBytes}: closing any other
     * descriptor of the file drops this process's lock on it (POSIX record locks), and the log would be
     * open to a second process while this one writes.
     */
    private static byte[] readAll(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("the session log is too large to open: " + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static void lock(FileChannel channel, Path file) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new SessionBusyException(
                    "the session log " + file + " is already open in another baton process; stop that one first");
        }
    }

    /** Parses complete lines into {@code events}; returns how many bytes they span. */
    private static long readWholeLines(byte[] bytes, List<Event> events, Path file) {
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String line = new String(bytes, lineStart, i - lineStart, UTF_8);
            boolean last = i == bytes.length - 1;
            Event event;
            try {
                event = Json.decode(line, Event.class);
            } catch (ProtocolException e) {
                if (last) {
                    return lineStart; // a whole but garbled last line: the same crash, seen on another filesystem
                }
                throw damaged(file, events.size() + 1, e.getMessage());
            }
            if (event.seq() != events.size() + 1) {
                throw damaged(
                        file, events.size() + 1, "expected seq " + (events.size() + 1) + ", found " + event.seq());
            }
            events.add(event);
            lineStart = i + 1;
        }
        return lineStart;
    }

    private static UncheckedIOException damaged(Path file, int lineNumber, String detail) {
        return new UncheckedIOException(
                new IOException(file + " is damaged at line " + lineNumber + ": " + detail + "; it was left as is"));
    }

    /** Every committed event, oldest first; a read-only view. */
    List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    long lastSeq() {
        return events.size();
    }

    /**
     * Gives the drafts the next seqs, writes them as one write and forces them to disk. On failure the
     * file is cut back to its last whole line and nothing is added.
     */
    List<Event> append(List<EventDraft> drafts) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Event> appended = new ArrayList<>(drafts.size());
        StringBuilder lines = new StringBuilder();
        for (EventDraft draft : drafts) {
            Event event =
                    new Event(lastSeq() + appended.size() + 1, now, draft.inputId(), draft.origin(), draft.body());
            appended.add(event);
            lines.append(Json.write(event)).append('\n');
        }
        ByteBuffer bytes = UTF_8.encode(lines.toString());
        long position = committedSize;
        try {
            if (channel.size() != committedSize) {
                channel.truncate(committedSize); // the remains of an earlier failed write
            }
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(false);
        } catch (IOException e) {
            cutBack();
            throw new LogWriteException("could not write to " + file + ": " + e.getMessage(), e);
        }
        committedSize = position;
        events.addAll(appended);
        return appended;
    }

    private void cutBack() {
        try {
            channel.truncate(committedSize);
        } catch (IOException e) {
            LOG.warn("{}: could not cut back a failed write yet; will retry before the next one", file, e);
        }
    }

    @Override
    public void close() {
        if (holder != null && channel.isOpen()) {
            try {
                holder.removeFrom(file.getParent()); // while the lock still makes this process its only writer
            } catch (IOException e) {
                LOG.warn("{}: could not remove the record of its holder; the next holder replaces it", file, e);
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("{}: close failed", file, e);
        }
    }
}
