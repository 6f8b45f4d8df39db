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
 *
 * <p>Thread-safe. Inputs are applied one at a time on the session's own input loop, in the order
 * {@link #submit} was called; long work (shell commands) runs off that loop, so {@code interrupt},
 * {@code rename} and {@code permission} take effect while it runs, and a message that needs work
 * while work runs is committed at once and its work starts when the current work ends.
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
     * <p>After {@link #close()} inputs are dropped and logged: they were not applied, so whoever sent
     * them (the relay keeps them) delivers them again to the next run.
     *
     * @param origin the surface: {@code editor}, {@code terminal} or a device id
     * @throws IllegalArgumentException when {@code inputId} is blank or {@code input} is null
     */
    void submit(String inputId, String origin, Input input);

    /**
     * An input that arrived but cannot be read (it did not open under the session's key): answered with an
     * {@code error} event stamped with {@code inputId} and {@code origin}, so its sender stops retrying and
     * shows it failed, unless the log answered that inputId already. Returns at once, like {@link #submit}.
     */
    void refuse(String inputId, String origin, String code, String message);

    /**
     * Delivers every committed event after {@code afterSeq} and then each new one as it commits, with
     * no gap and no overlap between the two, plus snapshots and deltas from now on.
     *
     * <p>In order: the catch-up events (one {@code onEvents} call, none if there are none), the current
     * snapshot, then each commit as one {@code onEvents} call followed by {@code onSnapshot} when the
     * commit changed the snapshot. Calls come from a virtual thread of this subscription, one at a
     * time; a slow listener delays only itself.
     *
     * @param afterSeq 0 for the whole log
     * @throws IllegalArgumentException when {@code afterSeq} is negative or past the last seq
     * @throws IllegalStateException when the session is closed
     */
    Subscription subscribe(long afterSeq, SessionListener listener);

    /**
     * Remote Control was started for this session from outside it (the editor's {@code
     * startRemoteControl}): a non-blank {@code name} becomes its title; otherwise a title nobody chose is
     * replaced by one from the last plain message. Returns at once; the title, if any, is committed on
     * the input loop. {@code /remote-control} does the same itself.
     */
    void remoteControlStarted(String name);

    /**
     * Stops running work (its end is committed: {@code tool_result{ok:false}} and {@code
     * status{processing:false}}), notes queued work that will not run, lets subscribers receive what
     * was committed, then ends their subscriptions and closes the log. Idempotent; blocks for at most
     * a few seconds.
     */
    @Override
    void close();

    interface Subscription extends AutoCloseable {
        /** Stops delivery: no listener call begins after this returns. */
        @Override
        void close();
    }
}
