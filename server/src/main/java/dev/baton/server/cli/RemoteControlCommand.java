package dev.baton.server.cli;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.server.agent.loop.AgentSettings;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Logs;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import dev.baton.server.qr.ScanUrl;
import dev.baton.server.relayclient.EnvironmentLease;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.remote.RelayAccess;
import dev.baton.server.remote.RelayChoice;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.servermode.ServerHost;
import dev.baton.server.servermode.Worktrees;
import dev.baton.server.servermode.Worktrees.Cleanup;
import dev.baton.server.servermode.Worktrees.Worktree;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionBusyException;
import dev.baton.server.session.SessionHolder;
import dev.baton.server.session.SessionSettings;
import dev.baton.server.session.SessionStore;
import dev.baton.server.terminal.PlainStatusLines;
import dev.baton.server.terminal.ScreenState;
import dev.baton.server.terminal.StatusView;
import dev.baton.server.terminal.StatusViews;
import dev.baton.server.terminal.TerminalScreen;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code baton remote-control} ({@code rc}): server mode. Hosts a session of the current directory on a
 * relay, and every session a device asks for after it, until stopped.
 */
@Command(
        name = "remote-control",
        aliases = "rc",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        subcommands = RemoteControlListCommand.class,
        description = {
            "Continue sessions of the current directory from a browser or phone: the first at once (its URL"
                    + " is shown), more whenever a device asks for a new one.",
            "Relay: --relay, else BATON_RELAY_URL, else relayUrl in $BATON_HOME/config.json, else the relay of"
                    + " the saved login (baton login), else a relay started in this process on 127.0.0.1:--port."
                    + " An external relay needs an account token: BATON_TOKEN, else $BATON_HOME/credentials.json."
        })
final class RemoteControlCommand implements Callable<Integer> {
    static final int MAX_CAPACITY = 1000;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The environment's and first session's name; the same name in the same directory resumes"
                    + " that session.")
    String name;

    @Option(
            names = {"-c", "--continue"},
            description = "Resume the most recently active session of the current directory as the first one.")
    boolean continueLatest;

    @Option(names = "--session-id", paramLabel = "ID", description = "Resume session ID as the first one.")
    String sessionId;

    @Option(
            names = "--spawn",
            paramLabel = "MODE",
            defaultValue = "same-dir",
            description = "How sessions a device asks for are made: same-dir (in this directory, the default),"
                    + " worktree (each in its own git worktree and branch baton/<id>), session (none: one"
                    + " session only).")
    String spawn;

    @Option(
            names = "--capacity",
            paramLabel = "N",
            defaultValue = "32",
            description = "How many sessions may run at once, 1.." + MAX_CAPACITY + " (default ${DEFAULT-VALUE});"
                    + " not with --spawn session, which hosts one.")
    String capacity;

    @Mixin
    RelayOptions relayOptions;

    @Mixin
    EmbeddedRelayOptions embeddedRelay;

    @Mixin
    OfflineTimeoutOption offlineTimeout;

    @Mixin
    SandboxOption sandbox;

    @Option(names = "--json", description = "Print one JSON object per line on stdout; human text goes to stderr.")
    boolean json;

    @Option(
            names = "--verbose",
            description = "Show connection and session logs here too (they always go to $BATON_HOME/logs/baton.log).")
    boolean verbose;

    private final Map<String, String> env;

    RemoteControlCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ScreenState.SpawnMode mode = spawnMode();
        if (mode == ScreenState.SpawnMode.SESSION
                && spec.commandLine().getParseResult().hasMatchedOption("--capacity")) {
            throw mistyped("--capacity applies to --spawn same-dir or worktree: a --spawn session environment"
                    + " hosts one session");
        }
        int limit = mode == ScreenState.SpawnMode.SESSION ? 1 : capacityValue();
        if (continueLatest && name != null) {
            throw mistyped("--continue and --name cannot be used together");
        }
        if (sessionId != null && (continueLatest || name != null)) {
            throw mistyped("--session-id cannot be used with --continue or --name");
        }
        Path directory = Path.of("").toAbsolutePath();
        if (mode == ScreenState.SpawnMode.WORKTREE
                && Worktrees.checkoutOf(directory).isEmpty()) {
            return usage("--spawn worktree needs a git repository, and " + directory + " is not in one");
        }
        BatonHome home = BatonHome.fromEnvironment(env);
        BatonConfig config = BatonConfig.load(home.configFile());
        RelayChoice choice = RelayChoice.resolve(
                relayOptions.relay,
                env,
                config,
                RelayChoice.loggedInRelay(home),
                embeddedRelay.listen(relayOptions.port, config),
                relayOptions.insecure);
        if (embeddedRelay.given() && choice instanceof RelayChoice.External external) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--bind and --public-url are for the embedded relay, but " + external.source() + " names "
                            + external.url());
        }
        AgentSettings agentSettings =
                AgentSettings.configured(home.root(), env).withSandbox(sandbox.resolve(home, env));
        // Before any session or relay: trust and private files.
        Optional<String> trustReminder =
                StartGuard.check(env, spec.commandLine().getErr());
        Logs.keepIn(home);
        consoleLogs(false);
        HostStreamSettings settings = HostStreamSettings.defaults().withOfflineTimeout(offlineTimeout.resolve(config));
        HostedRemoteControl hosted = new HostedRemoteControl();
        SessionStore store = new SessionStore(
                home.sessions(),
                SessionSettings.defaults()
                        .withAgent(agentSettings)
                        .withRemoteControl(hosted)
                        .withHolder(SessionHolder.Kind.REMOTE_CONTROL));
        FirstSession chooser = new FirstSession(store, directory, err);
        // Checked before the relay is touched, so "nothing to continue" fails at once.
        chooser.check(continueLatest, sessionId);
        // Also before the relay: a session another remote-control hosts is taken over only if the person says so.
        chooser.takeOverIfHeld(name, continueLatest, sessionId);
        ShutdownCloser closer = new ShutdownCloser();
        RelayAccess relayAccess = closer.add(RelayAccess.open(choice, env, home));
        Session session;
        try {
            session = closer.add(chooser.choose(name, continueLatest, sessionId));
        } catch (SessionBusyException e) {
            return usage(chooser.busy(name, continueLatest, sessionId));
        }

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter human = json ? err : out;
        JsonLines lines = new JsonLines(out);
        RelayClient relay = new RelayClient(relayAccess.url());
        EnvironmentLease environment = EnvironmentLease.register(
                relay,
                relayAccess.account(),
                RemoteControl.environmentOf(
                        name,
                        directory,
                        mode == ScreenState.SpawnMode.SESSION
                                ? SpawnMode.SINGLE_SESSION
                                : mode == ScreenState.SpawnMode.WORKTREE ? SpawnMode.WORKTREE : SpawnMode.SAME_DIR,
                        limit,
                        relayAccess.keys().contentKey()),
                Clock.systemUTC());
        // For as long as the process runs: the environment is registered once and shared by its sessions.
        RemoteControl.resealOnRotation(environment, relayAccess.keys());
        ServerHost.Settings hostSettings = new ServerHost.Settings(
                name,
                directory,
                mode,
                limit,
                reach(choice),
                agentSettings.sandbox().enabled(),
                home.root().resolve("worktrees"),
                settings);
        JsonEvents events = new JsonEvents(json ? lines : null);
        ServerHost host = new ServerHost(
                hostSettings,
                environment,
                relayAccess.keys(),
                store,
                this::openView,
                events,
                relayAccess.outageCause(),
                hosted::host,
                Clock.systemUTC());
        StatusView view = closer.add(host.view());
        closer.add(host::stop);
        for (Cleanup kept : host.pruneWorktrees()) {
            if (!kept.removed()) {
                host.notice("Kept the worktree " + kept.worktree().path() + " (" + kept.reason() + ")");
            }
        }
        trustReminder.ifPresent(host::notice);
        RemoteControl remote = host.register(session);
        if (json) {
            lines.print(pairingLine("ready", remote, host, limit));
            // A script shows the code too: each new one (after a pairing, before expiry) is a line like the first.
            remote.addPairingListener(() -> lines.print(pairingLine("pairing", remote, host, limit)));
        } else if (!(view instanceof TerminalScreen) && System.console() != null) {
            // Plain lines on a terminal (--verbose): the screen's QR code is not there to scan, so print one.
            human.println("Scan to open the session (its pairing code works once, for 10 minutes):");
            human.print(QrText.render(QrCodes.encode(ScanUrl.of(remote.pairingUrl()))));
            human.flush();
        }
        closer.exitAsTheCommandSays();
        try {
            host.run();
        } catch (IOException | RuntimeException e) {
            closer.exitStatus(CommandLine.ExitCode.SOFTWARE);
            throw e;
        }

        // Runs until a key or a signal stops the host, a refusal no retry can fix, or the offline limit.
        ServerHost.Stopped end = host.stopped().join();
        view.close(); // whatever is said from here on must land on the terminal itself, after the screen
        consoleLogs(false);
        for (Cleanup kept : events.kept()) {
            err.println("baton: kept the worktree " + kept.worktree().path() + " (" + kept.reason()
                    + "); baton rc list shows it.");
        }
        int status;
        if (end.exit() == 0) {
            err.println("baton: stopped. " + resumeHint(session));
            status = 0;
        } else if (end.reason() == ConnectionReason.OFFLINE_LIMIT) {
            err.println("baton: Remote Control stopped: " + end.detail() + ". " + resumeHint(session));
            status = BatonCli.EXIT_OFFLINE_LIMIT;
        } else {
            err.println("baton: Remote Control stopped: " + end.detail());
            status = end.refusal() == ErrorCode.UNSUPPORTED_PROTOCOL
                    ? BatonCli.EXIT_RELAY_TOO_OLD
                    : CommandLine.ExitCode.SOFTWARE;
        }
        err.flush();
        closer.exitStatus(status);
        return status;
    }

    /**
     * The live screen on a terminal, else plain lines: on stderr beside {@code --json}, and with
     * {@code --verbose}, whose log lines would tear a screen.
     */
    private StatusView openView(StatusView.Actions actions) {
        if (json) {
            return new PlainStatusLines(System.err);
        }
        if (verbose) {
            return new PlainStatusLines(System.out);
        }
        StatusView view = StatusViews.open(actions, System.out);
        consoleLogs(view instanceof TerminalScreen);
        return view;
    }

    private void consoleLogs(boolean screenUp) {
        if (verbose) {
            Logs.verboseConsole();
        } else if (screenUp) {
            Logs.offConsole();
        } else {
            Logs.quietConsole();
        }
    }

    /** Who can open the session URL: devices through a relay, or those that reach the embedded one. */
    private static ScreenState.Reach reach(RelayChoice choice) {
        return switch (choice) {
            case RelayChoice.External external -> ScreenState.Reach.RELAY;
            case RelayChoice.Embedded embedded -> embedded.listen().loopbackOnly()
                    ? ScreenState.Reach.THIS_MACHINE
                    : ScreenState.Reach.LOCAL_NETWORK;
        };
    }

    private ScreenState.SpawnMode spawnMode() {
        for (ScreenState.SpawnMode mode : ScreenState.SpawnMode.values()) {
            if (mode.flag().equals(spawn)) {
                return mode;
            }
        }
        throw mistyped("--spawn must be same-dir, worktree or session, not '" + spawn + "'");
    }

    private int capacityValue() {
        try {
            int value = Integer.parseInt(capacity.strip());
            if (value >= 1 && value <= MAX_CAPACITY) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw mistyped("--capacity must be a whole number from 1 to " + MAX_CAPACITY + ", not '" + capacity + "'");
    }

    /** A flag given wrong: said like picocli's own parse errors, with where the usage is. */
    private CommandLine.ParameterException mistyped(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private int usage(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("baton: " + message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * The sessions are kept as they are; say how to carry on with them, as commands that run as they are
     * copied (the directory they need is said around them, never inside).
     */
    private String resumeHint(Session session) {
        return name != null
                ? "To resume, run in this directory: baton remote-control --name '" + name
                        + "' (or baton rc --continue)."
                : "To resume, run in this directory: baton rc --continue (or baton rc --session-id " + session.id()
                        + ").";
    }

    /** The {@code ready} line, or a {@code pairing} line in the same form for a renewed code. */
    private static JsonLines.Ready pairingLine(String event, RemoteControl remote, ServerHost host, int capacity) {
        return new JsonLines.Ready(
                event,
                remote.sessionId(),
                remote.pairingUrl(),
                remote.pairingCode(),
                remote.relayUrl().toString(),
                host.environmentId(),
                host.spawnMode().flag(),
                capacity);
    }

    /** The {@code --json} lines (when asked for), and the worktrees kept, to tell once the view is closed. */
    private record JsonEvents(JsonLines lines, List<Cleanup> kept) implements ServerHost.Events {
        JsonEvents(JsonLines lines) {
            this(lines, new CopyOnWriteArrayList<>());
        }

        @Override
        public void connection(ConnectionState state, String detail, ConnectionReason reason) {
            if (lines != null) {
                lines.print(new JsonLines.Status(state, detail, reason));
            }
        }

        @Override
        public void spawned(String sessionId, Path directory, Worktree worktree) {
            hosted("spawned", sessionId, directory, worktree);
        }

        @Override
        public void resumed(String sessionId, Path directory, Worktree worktree) {
            hosted("resumed", sessionId, directory, worktree);
        }

        private void hosted(String event, String sessionId, Path directory, Worktree worktree) {
            if (lines != null) {
                lines.print(new JsonLines.SessionHosted(
                        event,
                        sessionId,
                        directory.toString(),
                        worktree == null ? null : worktree.path().toString(),
                        worktree == null ? null : worktree.branch()));
            }
        }

        @Override
        public void adopted(List<String> sessionIds) {
            if (lines != null) {
                lines.print(new JsonLines.Adopted(sessionIds));
            }
        }

        @Override
        public void sessionEnded(String sessionId, Cleanup cleanup) {
            if (lines != null) {
                lines.print(new JsonLines.SessionEnded(
                        sessionId,
                        cleanup == null ? null : cleanup.worktree().path().toString(),
                        cleanup == null ? null : !cleanup.removed(),
                        cleanup == null ? null : cleanup.reason()));
            }
            if (cleanup != null && !cleanup.removed()) {
                kept.add(cleanup);
            }
        }

        @Override
        public void capacity(int running, int capacity) {
            if (lines != null) {
                lines.print(new JsonLines.Capacity(running, capacity));
            }
        }
    }
}
