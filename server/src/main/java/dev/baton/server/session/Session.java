package dev.baton.server.session;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import java.nio.file.Path;
import java.util.List;

/**
 * One conversation and its append-only event log. The session is the single writer of its log, so
 * every surface sees one total order.
 */
public interface Session extends AutoCloseable {
    String id();

    /** The working directory: shell commands and tools run here. */
    Path directory();

    /** The epoch and the last committed seq. */
    Cursor cursor();

    /** Always reports {@code online=false}; the relay decides presence. */
    Snapshot snapshot();

    /** Committed events with seq greater than {@code seq}, in order. */
    List<Event> eventsAfter(long seq);

    /**
     * Applies an input at most once per {@code inputId}, also across restarts. Returns at once; the
     * effects arrive as events stamped with {@code inputId}. Every input that is applied yields at
     * least one such event (an error or notice when it cannot be carried out), and a repeated
     * {@code inputId} yields nothing.
     *
     * @param origin the surface: {@code editor}, {@code terminal} or a device id
     */
    void submit(String inputId, String origin, Input input);

    /**
     * Delivers every committed event after {@code afterSeq} and then each new one as it commits, with
     * no gap and no overlap between the two, plus snapshots and deltas from now on.
     */
    Subscription subscribe(long afterSeq, SessionListener listener);

    /** Stops running work and closes the log. */
    @Override
    void close();

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
