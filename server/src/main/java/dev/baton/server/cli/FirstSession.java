package dev.baton.server.cli;

import dev.baton.server.session.Session;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionStore;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which session {@code baton remote-control} hosts first: the one {@code --session-id}, {@code --continue}
 * or {@code --name} says, else (the directory has sessions) the latest one if the person at the terminal
 * wants it, else a new one. Never a session another process hosts: that one stays where it is.
 */
final class FirstSession {
    private final SessionStore store;
    private final Path directory;
    private final PrintWriter err;

    FirstSession(SessionStore store, Path directory, PrintWriter err) {
        this.store = store;
        this.directory = directory;
        this.err = err;
    }

    /** Fails when the session {@code --continue} or {@code --session-id} means does not exist. */
    void check(boolean continueLatest, String sessionId) {
        if (sessionId != null
                && store.list().stream().noneMatch(info -> info.id().equals(sessionId))) {
            throw new CommandFailure("no session " + sessionId + " under $BATON_HOME/sessions");
        }
        if (continueLatest && store.latestIn(directory).isEmpty()) {
            throw new CommandFailure(
                    "no session to continue in " + directory + "; start one with baton remote-control");
        }
    }

    /** @throws dev.baton.server.session.SessionBusyException when another process hosts the session meant */
    Session choose(String name, boolean continueLatest, String sessionId) {
        if (sessionId != null) {
            return store.open(sessionId)
                    .orElseThrow(() -> new CommandFailure("no session " + sessionId + " under $BATON_HOME/sessions"));
        }
        if (continueLatest) {
            SessionInfo latest = store.latestIn(directory)
                    .orElseThrow(() -> new CommandFailure(
                            "no session to continue in " + directory + "; start one with baton remote-control"));
            return store.open(latest.id()).orElseThrow();
        }
        if (name != null) {
            Optional<SessionInfo> named = store.findByName(name, directory);
            return named.isPresent() ? store.open(named.get().id()).orElseThrow() : store.create(name, directory);
        }
        Optional<SessionInfo> latest = store.latestIn(directory).filter(info -> !store.isOpenElsewhere(info.id()));
        if (latest.isEmpty()) {
            return store.create(null, directory);
        }
        Console console = System.console();
        String label = latest.get().title() == null
                ? latest.get().id()
                : "'" + latest.get().title() + "'";
        if (console != null) {
            String answer = console.readLine(
                    "Continue session %s (last active %s)? [Y/n] ",
                    label, latest.get().lastActivity());
            if (answer == null
                    || answer.isBlank()
                    || answer.strip().toLowerCase().startsWith("y")) {
                return store.open(latest.get().id()).orElseThrow();
            }
            return store.create(null, directory);
        }
        err.println("baton: starting a new session; to resume " + label + " instead, run baton rc --continue");
        err.flush();
        return store.create(null, directory);
    }

    /** Why the session meant cannot be hosted here: another live process hosts it. */
    String busy(String name, String sessionId) {
        String which = name != null ? "'" + name + "'" : sessionId != null ? sessionId : "the latest session";
        return "session " + which + " is hosted by another baton process in " + directory
                + "; stop that one first (q or Ctrl-C there), or pick another --name";
    }
}
