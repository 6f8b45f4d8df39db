package dev.baton.relay.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits an MVStore on one thread of its own, so that writers never pay for a commit: an MVStore
 * commit walks every open map (two per session), which once per event made the relay's cost per event
 * grow with its sessions. A writer that needs to know when its writes are on disk registers a callback
 * ({@link #whenDurable}); the next commit, at most {@link #SPACING} after the previous one, covers every
 * write made before the callback was registered, then runs it. With nobody waiting, writes are
 * committed within {@link #IDLE}.
 *
 * <p>An MVStore commit takes each map's root one after the other, so a commit that ran while a writer
 * was between two maps would keep half of a change that spans maps (a session's tail without its
 * record, or the reverse). Such changes run under {@link #together}, which a commit waits for.
 */
final class BatchedCommits implements AutoCloseable {
    /** The shortest time between two commits: what a batch has to gather in under load. */
    static final Duration SPACING = Duration.ofMillis(20);
    /** The longest a write waits for its commit when nobody asked to hear of it. */
    static final Duration IDLE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(BatchedCommits.class);

    private final MVStore store;
    /** Shared by writers whose writes belong together; exclusive to a commit. */
    private final ReadWriteLock commits = new ReentrantReadWriteLock();

    private final LinkedBlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closing;

    BatchedCommits(MVStore store) {
        this.store = store;
        this.committer =
                Thread.ofPlatform().name("relay-store-commits").daemon().unstarted(this::run);
        committer.start();
    }

    /** Runs writes that span maps so that no commit lands between them. */
    void together(Runnable writes) {
        commits.readLock().lock();
        try {
            writes.run();
        } finally {
            commits.readLock().unlock();
        }
    }

    /** Runs {@code then} on the committer's thread once every write made before this call is committed. */
    void whenDurable(Runnable then) {
        waiting.add(then);
    }

    /** Commits now, on the caller's thread (for writes that must be on disk before the caller goes on). */
    void commitNow() {
        commits.writeLock().lock();
        try {
            store.commit();
        } finally {
            commits.writeLock().unlock();
        }
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>();
        long lastCommit = System.nanoTime() - SPACING.toNanos(); // nanoTime's origin is arbitrary
        boolean failing = false;
        while (!closing) {
            try {
                Runnable first = waiting.poll(IDLE.toNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                return; // nobody interrupts this thread (an interrupt would close the store's file channel)
            }
            long gather = lastCommit + SPACING.toNanos() - System.nanoTime();
            if (gather > 0) {
                LockSupport.parkNanos(gather);
            }
            // Taken before the commit: each callback's writes were made before it was registered.
            waiting.drainTo(batch);
            if (closing || (batch.isEmpty() && !store.hasUnsavedChanges())) {
                continue;
            }
            try {
                commitNow();
                failing = false;
            } catch (RuntimeException e) {
                // The callbacks stay for the next attempt: nothing is acknowledged that is not on disk.
                if (!failing) {
                    LOG.error("relay data: could not commit the store; retrying", e);
                }
                failing = true;
                continue;
            } finally {
                lastCommit = System.nanoTime();
            }
            for (Runnable then : batch) {
                runSafely(then);
            }
            batch.clear();
        }
    }

    private static void runSafely(Runnable then) {
        try {
            then.run();
        } catch (RuntimeException e) {
            LOG.error("relay data: a task waiting for a commit failed", e);
        }
    }

    /**
     * Stops the thread; the caller then closes the store, which commits whatever is left. Callbacks still
     * waiting are dropped with the streams they would have answered.
     */
    @Override
    public void close() {
        closing = true;
        waiting.add(() -> {}); // wakes the thread without an interrupt
        try {
            committer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
