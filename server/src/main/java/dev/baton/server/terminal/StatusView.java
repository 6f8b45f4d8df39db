package dev.baton.server.terminal;

/**
 * Where server mode shows its state: a live screen redrawn in place on a terminal, or plain lines on a
 * pipe. The host calls {@link #show} with every new state; a view draws only what changed for it.
 */
public interface StatusView extends AutoCloseable {
    /** Shows {@code state}; cheap to call often, from any thread. */
    void show(ScreenState state);

    /**
     * Shows a one-off message from the host (a session that failed to start, a relay problem's detail) that
     * is not part of the state: a screen shows it for a while, plain lines print it. While a screen is up,
     * this is the only way to say something on the terminal: anything else written there tears the screen.
     */
    default void notice(String text) {}

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
