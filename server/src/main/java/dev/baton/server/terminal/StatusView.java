package dev.baton.server.terminal;

/**
 * Where server mode shows its state: a live screen redrawn in place on a terminal, or plain lines on a
 * pipe. The host calls {@link #show} with every new state; a view draws only what changed for it.
 */
public interface StatusView extends AutoCloseable {
    /** Shows {@code state}; cheap to call often, from any thread. */
    void show(ScreenState state);

    /** Restores the terminal; a closed view ignores later states. */
    @Override
    void close();

    /** What the person at the terminal asked for with a key. */
    interface Actions {
        /** {@code w}: switch the spawn mode between same-dir and worktree; the answer says why not when it cannot. */
        String toggleSpawnMode();

        /** {@code q} or Ctrl-C: close the sessions, deregister the environment, exit 0. */
        void stop();
    }
}
