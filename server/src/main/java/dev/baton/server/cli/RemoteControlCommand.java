package dev.baton.server.cli;

import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.agent.loop.AgentSettings;
import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Logs;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.remote.RelayAccess;
import dev.baton.server.remote.RelayChoice;
import dev.baton.server.remote.RemoteControl;
import dev.baton.server.remote.SessionResolver;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionSettings;
import dev.baton.server.session.SessionStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code baton remote-control}: host a session of the current directory on a relay until stopped. */
@Command(
        name = "remote-control",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = {
            "Continue a session of the current directory from a browser or phone.",
            "Relay: --relay, else BATON_RELAY_URL, else relayUrl in $BATON_HOME/config.json, else a relay"
                    + " started in this process on 127.0.0.1:--port. An external relay needs an account token:"
                    + " BATON_TOKEN, else $BATON_HOME/credentials.json."
        })
final class RemoteControlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", description = "Name the session; the same name in the same directory resumes it.")
    String name;

    @Option(
            names = {"-c", "--continue"},
            description = "Resume the most recently active session of the current directory.")
    boolean continueLatest;

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
        if (continueLatest && name != null) {
            throw new ParameterException(spec.commandLine(), "--continue and --name cannot be used together");
        }
        StartGuard.check(env, spec.commandLine().getErr()); // before any session or relay: trust and private files
        BatonHome home = BatonHome.fromEnvironment(env);
        Logs.keepIn(home);
        if (verbose) {
            Logs.verboseConsole();
        } else {
            Logs.quietConsole();
        }
        BatonConfig config = BatonConfig.load(home.configFile());
        RelayChoice choice = RelayChoice.resolve(
                relayOptions.relay,
                env,
                config,
                embeddedRelay.listen(relayOptions.port, config),
                relayOptions.insecure);
        if (embeddedRelay.given() && choice instanceof RelayChoice.External external) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--bind and --public-url are for the embedded relay, but " + external.source() + " names "
                            + external.url());
        }
        HostStreamSettings settings = HostStreamSettings.defaults().withOfflineTimeout(offlineTimeout.resolve(config));
        ShutdownCloser closer = new ShutdownCloser();
        Path directory = Path.of("").toAbsolutePath();
        HostedRemoteControl hosted = new HostedRemoteControl();
        SessionStore store = new SessionStore(
                home.sessions(),
                SessionSettings.defaults()
                        .withAgent(AgentSettings.configured(home.root(), env).withSandbox(sandbox.resolve(home, env)))
                        .withRemoteControl(hosted));
        // Looked up before the relay is touched, so "nothing to continue" fails at once.
        Optional<SessionInfo> toContinue = continueLatest
                ? Optional.of(store.latestIn(directory)
                        .orElseThrow(() -> new CommandFailure(
                                "no session to continue in " + directory + "; start one with baton remote-control")))
                : Optional.empty();

        RelayAccess relayAccess = closer.add(RelayAccess.open(choice, env, home));

        SessionResolver sessions = new SessionResolver(store);
        Session session = closer.add(
                toContinue.isPresent()
                        ? sessions.open(toContinue.get().id())
                        : sessions.resumeOrCreate(name, directory));
        RemoteControl remote =
                closer.add(RemoteControl.register(relayAccess.url(), relayAccess.account(), session, name, settings));
        hosted.host(remote);

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter human = json ? spec.commandLine().getErr() : out;
        JsonLines lines = new JsonLines(out);
        if (json) {
            lines.print(new JsonLines.Ready(
                    remote.sessionId(),
                    remote.pairingUrl(),
                    remote.pairingCode(),
                    remote.relayUrl().toString()));
        }
        human.println("Remote Control for session " + remote.sessionId() + " via " + remote.relayUrl());
        human.println("Open this URL on a phone or in a browser (its pairing code works once, for 10 minutes):");
        human.println();
        human.println("  " + remote.pairingUrl());
        human.println();
        human.print(QrText.render(QrCodes.encode(remote.pairingUrl())));
        human.println("Press Ctrl-C to stop.");
        human.flush();

        CompletableFuture<Stopped> stopped = new CompletableFuture<>();
        PrintWriter err = spec.commandLine().getErr();
        remote.addListener((state, detail, reason) -> {
            if (state == ConnectionState.OFF && reason == null) {
                return; // only on the way out
            }
            if (reason == ConnectionReason.PORT_TAKEN) {
                // The user has to act (or wait for the program to go): say it where a person looks, once.
                err.println("baton: " + detail);
                err.flush();
            }
            if (json) {
                lines.print(new JsonLines.Status(state, detail, reason));
            } else if (reason != ConnectionReason.PORT_TAKEN) {
                human.println("Connection: " + state.name().toLowerCase(Locale.ROOT)
                        + (detail == null ? "" : " (" + detail + ")"));
                human.flush();
            }
            if (state == ConnectionState.OFFLINE || state == ConnectionState.OFF) {
                stopped.complete(new Stopped(detail, reason));
            }
        });
        remote.explainOutagesWith(relayAccess.outageCause());
        remote.connect();
        // Runs until a signal (the shutdown hook closes everything), a refusal no retry can fix, or the
        // offline limit.
        Stopped end = stopped.join();
        if (end.reason() == ConnectionReason.OFFLINE_LIMIT) {
            err.println("baton: Remote Control stopped: " + end.detail() + ". " + resumeHint(session));
            err.flush();
            return BatonCli.EXIT_OFFLINE_LIMIT;
        }
        throw new CommandFailure("Remote Control stopped: " + end.detail());
    }

    /** The session's log is untouched by a stop; say how to carry on with it. */
    private String resumeHint(Session session) {
        return name != null
                ? "The session is kept: run baton remote-control --name '" + name + "' here to resume it."
                : "The session " + session.id() + " is kept under $BATON_HOME/sessions.";
    }

    private record Stopped(String detail, ConnectionReason reason) {}
}
