package dev.baton.server.cli;

import dev.baton.server.terminal.ScreenState;
import dev.baton.server.terminal.StatusView;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A plain stand-in for the status screen: one line when the connection changes or sessions come and
 * go. Replaced by the terminal package's views once they exist.
 */
final class InterimStatusLines implements StatusView {
    private final PrintWriter out;
    private ScreenState last; // guarded by this
    private boolean closed; // guarded by this

    InterimStatusLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void show(ScreenState state) {
        if (closed) {
            return;
        }
        if (last == null || last.connection() != state.connection()) {
            out.println("Connection: " + state.connection().name().toLowerCase(Locale.ROOT));
        }
        if (last == null || last.sessions().size() != state.sessions().size()) {
            out.println("Sessions: " + state.sessions().size() + " (new ones: "
                    + state.spawnMode().flag() + ")");
        }
        out.flush();
        last = state;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
