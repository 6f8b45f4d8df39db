package dev.baton.server.cli;

import dev.baton.protocol.SessionNames;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionHolder;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionStore;
import dev.baton.server.terminal.WhenText;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which session {@code baton remote-control} hosts first: the one {@code --session-id}, {@code --continue}
 * or {@code --name} says, else (the directory has sessions) the latest one if the person at the terminal
 * wants it, else a new one. Never a session another process hosts without asking: at a terminal, a
 * session another {@code baton remote-control} hosts is taken over if the person says so; one open in
 * an editor or an interactive {@code baton} is left where it is.
 */
final class FirstSession {
    /** How long a remote-control asked to stop may take to close its sessions and let go. */
    static final Duration TAKEOVER_WAIT = Duration.ofSeconds(15);

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

    /**
     * Settles, before a relay is touched, that the session {@code --name}, {@code --session-id} or
     * {@code --continue} means is free: when another live {@code baton remote-control} hosts it, asks the
     * person at the terminal whether to take it over, and if so stops that process (SIGTERM: it closes
     * its sessions and exits) and waits until it has let go. Nothing is ever stopped without that yes.
     *
     * @throws ConfigurationException (exit 2) when the session stays held: no terminal to ask, the answer
     *     was no, or its holder is an editor or an interactive {@code baton}, which are never stopped
     * @throws CommandFailure when the process asked to stop still holds it after {@link #TAKEOVER_WAIT}
     */
    void takeOverIfHeld(String name, boolean continueLatest, String sessionId) throws InterruptedException {
        Optional<SessionInfo> meant = meant(name, continueLatest, sessionId);
        if (meant.isEmpty() || !store.isOpenElsewhere(meant.get().id())) {
            return;
        }
        String id = meant.get().id();
        String which = label(name, sessionId, meant.get());
        Optional<SessionHolder> holder = store.holderOf(id);
        if (holder.isEmpty() || holder.get().kind() != SessionHolder.Kind.REMOTE_CONTROL) {
            throw new ConfigurationException(busy(which, name != null, holder, true));
        }
        Console console = StartGuard.interactiveConsole()
                .orElseThrow(() -> new ConfigurationException(busy(which, name != null, holder, true)));
        long pid = holder.get().pid();
        String answer = console.readLine(
                "Session %s is hosted by another baton remote-control (pid %d). Take it over? [y/N] ", which, pid);
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw new ConfigurationException(busy(which, name != null, holder, false));
        }
        Optional<ProcessHandle> process = holder.get().process();
        if (process.isPresent()) {
            console.writer().println("Stopping baton remote-control (pid " + pid + ")…");
            console.writer().flush();
            process.get().destroy(); // SIGTERM: server mode closes its sessions, deregisters and exits 0
        }
        long deadline = System.nanoTime() + TAKEOVER_WAIT.toNanos();
        while (store.isOpenElsewhere(id)) {
            if (System.nanoTime() - deadline > 0) {
                throw new CommandFailure("baton remote-control (pid " + pid + ") still holds session " + which
                        + " " + TAKEOVER_WAIT.toSeconds()
                        + " s after being asked to stop; stop it there (q or Ctrl-C), or with kill " + pid);
            }
            awaitExit(process, Duration.ofMillis(100));
        }
    }

    /** Waits up to {@code limit} for the process to end; returns early when it does. */
    private static void awaitExit(Optional<ProcessHandle> process, Duration limit) throws InterruptedException {
        if (process.isEmpty() || !process.get().isAlive()) {
            Thread.sleep(limit); // it has gone: only its lock is left to be released
            return;
        }
        try {
            process.get().onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillRunning) {
            // look at the lock again
        }
    }

    /** The existing session the flags name, if they name one. */
    private Optional<SessionInfo> meant(String name, boolean continueLatest, String sessionId) {
        if (sessionId != null) {
            return store.list().stream()
                    .filter(info -> info.id().equals(sessionId))
                    .findFirst();
        }
        if (continueLatest) {
            return store.latestIn(directory);
        }
        return name != null ? store.findByName(name, directory) : Optional.empty();
    }

    private static String label(String name, String sessionId, SessionInfo info) {
        if (name != null) {
            return "'" + name + "'";
        }
        if (sessionId == null && info.title() != null) {
            return "'" + info.title() + "'";
        }
        return info.id();
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
        // Named as every other screen names it: an untitled one by "Session " and the start of its id.
        String label = latest.get().title() == null
                ? SessionNames.displayName(latest.get().id(), null)
                : "session '" + latest.get().title() + "'";
        if (console != null) {
            String answer = console.readLine(
                    "Continue %s (last active %s)? [Y/n] ",
                    label, WhenText.of(latest.get().lastActivity(), Clock.systemDefaultZone()));
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

    /** Why the session meant cannot be hosted here: another live process hosts it, named when it can be. */
    String busy(String name, boolean continueLatest, String sessionId) {
        Optional<SessionInfo> meant = meant(name, continueLatest, sessionId);
        return busy(
                meant.map(info -> label(name, sessionId, info))
                        .orElse(name != null ? "'" + name + "'" : sessionId != null ? sessionId : "the latest session"),
                name != null,
                meant.flatMap(info -> store.holderOf(info.id())),
                true);
    }

    /** @param offerTakeover whether to say that a start at a terminal can take it over (not after a no there) */
    private String busy(String which, boolean named, Optional<SessionHolder> holder, boolean offerTakeover) {
        String instead = named ? ", or pick another --name" : ", or start another session with --name";
        if (holder.isEmpty()) {
            return "session " + which + " is hosted by another baton process in " + directory
                    + "; stop that one first (q or Ctrl-C there)" + instead;
        }
        long pid = holder.get().pid();
        return switch (holder.get().kind()) {
            case REMOTE_CONTROL -> "session " + which + " is hosted by another baton remote-control (pid " + pid
                    + ") in " + directory + "; stop that one first (q or Ctrl-C there)"
                    + (offerTakeover ? ", take it over by starting this one at a terminal" : "") + instead;
            case LSP -> "session " + which + " is open in VS Code (baton lsp, pid " + pid + "); close it there first"
                    + instead;
            case INTERACTIVE -> "session " + which + " is open in an interactive baton (pid " + pid
                    + ") in a terminal; leave it there first (Ctrl-D)" + instead;
            case OTHER -> "session " + which + " is hosted by another baton process (pid " + pid + ") in " + directory
                    + "; stop that one first" + instead;
        };
    }
}
