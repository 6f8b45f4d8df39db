package dev.baton.bench.latency;

import dev.baton.bench.HostedSession;
import dev.baton.bench.Latencies;
import dev.baton.bench.Resources;
import dev.baton.bench.TimedDevice;
import dev.baton.bench.Workspace;
import dev.baton.bench.fleet.RelayTarget;
import dev.baton.fixtures.InProcessRelay;
import dev.baton.protocol.event.Input;
import dev.baton.relay.Relay;
import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.session.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure 1. By default the relay hop ({@link RelayHop}): a host's committed event through a standalone
 * relay to a device. With {@code --full}, the whole loop: a device's input through the relay to a real
 * backend session, committed to its log there (forced to disk), and back to the device as the event that
 * carries its inputId: the end-to-end acknowledgement a surface waits for. Either way the baseline is the
 * same frame echoed by a bare WebSocket server, in the same run, and rounds alternate echo and relay so
 * that noise from the shared machine falls on both.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = "Relay hop (host event → relay → device), or with --full device input → relay → backend →"
                + " committed event → device; vs a bare WebSocket echo.")
public final class LatencyBench implements Callable<Integer> {
    private static final int HOP_SESSIONS = 1000;
    private static final int FULL_SESSIONS = 4;

    @Option(
            names = "--full",
            description = "the full loop through real backend sessions (log forced to disk) instead of the relay hop")
    boolean full;

    @Option(
            names = "--sessions",
            description = "sessions, one device each (default " + HOP_SESSIONS + ", with --full " + FULL_SESSIONS + ")")
    Integer sessions;

    @CommandLine.Mixin
    RelayTarget target = new RelayTarget();

    @Option(
            names = "--rate",
            description = "events (--full: inputs, of which the relay allows 20) per second per session"
                    + " (default ${DEFAULT-VALUE})")
    double rate = 10;

    @Option(names = "--rounds", description = "alternating echo/relay rounds (default ${DEFAULT-VALUE})")
    int rounds = 2;

    @Option(
            names = "--round",
            defaultValue = "15s",
            description = "length of each phase of a round (default ${DEFAULT-VALUE})")
    Duration round;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            description = "unrecorded load on both before the rounds (default ${DEFAULT-VALUE})")
    Duration warmup;

    @Override
    public Integer call() throws Exception {
        String unsupported = target.unsupported();
        if (unsupported != null) {
            System.err.println("bench latency: " + unsupported);
            return RelayTarget.UNSUPPORTED;
        }
        if (!full) {
            return RelayHop.run(
                    sessions != null ? sessions : HOP_SESSIONS,
                    rate,
                    rounds,
                    round,
                    warmup,
                    target.relayJvmOptions(),
                    target.label(),
                    target.redisUrl(),
                    target.nodes());
        }
        if (!target.relayJvmOptions().isEmpty()) {
            System.err.println("bench latency: --full runs the relay in this JVM; --relay-jvm-option needs the hop");
            return RelayTarget.UNSUPPORTED;
        }
        int sessions = this.sessions != null ? this.sessions : FULL_SESSIONS;
        System.out.printf(
                Locale.ROOT,
                "latency %s: %d sessions × %s inputs/s, %d rounds of %ss per side after %ss warm-up, %d cores%n",
                Instant.now(),
                sessions,
                RelayHop.rate(rate),
                rounds,
                round.toSeconds(),
                warmup.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        try (Workspace workspace = new Workspace();
                Resources open = new Resources()) {
            Relay relay = open.add(InProcessRelay.start(workspace.dir("relay")));
            EchoServer echo = open.add(EchoServer.start());
            String account = relay.createAccountToken("bench");
            SessionStore store = new SessionStore(workspace.dir("sessions"));
            Keyring keys = Keyring.open(new BatonHome(workspace.dir("home")));
            List<Function<String, CompletableFuture<Long>>> relayPeers = new ArrayList<>();
            List<Function<String, CompletableFuture<Long>>> echoPeers = new ArrayList<>();
            List<HostedSession> hosts = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                HostedSession hosted = open.add(HostedSession.start(
                        store,
                        workspace.dir("work-" + i),
                        "latency-" + i,
                        relay.url(),
                        relay.url(),
                        account,
                        HostStreamSettings.defaults(),
                        keys));
                hosts.add(hosted);
                TimedDevice device = hosted.device();
                relayPeers.add(inputId -> {
                    CompletableFuture<Long> committed = device.committed(inputId);
                    device.send(inputId, message(inputId));
                    return committed;
                });
                EchoPeer peer = open.add(new EchoPeer(echo.url()));
                echoPeers.add(inputId -> peer.roundTrip(inputId, message(inputId)));
            }

            PacedLoad.run(echoPeers, rate, warmup, "warm-echo", new Latencies());
            PacedLoad.run(relayPeers, rate, warmup, "warm-relay", new Latencies());

            Latencies echoAll = new Latencies();
            Latencies relayAll = new Latencies();
            long failures = 0;
            for (int r = 1; r <= rounds; r++) {
                Latencies echoRound = new Latencies();
                Latencies relayRound = new Latencies();
                long echoFailed = PacedLoad.run(echoPeers, rate, round, "echo-" + r, echoRound);
                long relayFailed = PacedLoad.run(relayPeers, rate, round, "relay-" + r, relayRound);
                failures += echoFailed + relayFailed;
                System.out.printf(Locale.ROOT, "round %d echo   %s (failed %d)%n", r, echoRound.summary(), echoFailed);
                System.out.printf(
                        Locale.ROOT, "round %d relay  %s (failed %d)%n", r, relayRound.summary(), relayFailed);
                echoAll.add(echoRound);
                relayAll.add(relayRound);
            }
            System.out.println("baseline (raw WebSocket echo)  " + echoAll.summary());
            System.out.println("relay hop (input → committed)  " + relayAll.summary());
            System.out.println("disk (append + force, per commit)   "
                    + DiskProbe.appendAndForce(workspace.dir("disk"), 200).summary());
            System.out.printf(
                    Locale.ROOT,
                    "ratio relay/echo  p50 %.1f×  p95 %.1f×  p99 %.1f×  failed %d%n",
                    relayAll.ratioTo(echoAll, 50),
                    relayAll.ratioTo(echoAll, 95),
                    relayAll.ratioTo(echoAll, 99),
                    failures);
            for (HostedSession hosted : hosts) {
                if (!hosted.device().problems().isEmpty()) {
                    System.out.println("device of " + hosted.id() + " saw: "
                            + hosted.device().problems());
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "latency: full/echo p50 %.2fx p99 %.2fx (%d sessions x %s inputs/s, input to committed event,"
                            + " in-process relay, %s)%n",
                    relayAll.ratioTo(echoAll, 50),
                    relayAll.ratioTo(echoAll, 99),
                    sessions,
                    RelayHop.rate(rate),
                    target.label());
            return failures == 0 ? 0 : 1;
        }
    }

    private static Input message(String inputId) {
        return new Input.Message("latency probe " + inputId);
    }
}
