package dev.baton.bench.latency;

import dev.baton.bench.HostedSession;
import dev.baton.bench.Latencies;
import dev.baton.bench.Resources;
import dev.baton.bench.TimedDevice;
import dev.baton.bench.Workspace;
import dev.baton.fixtures.InProcessRelay;
import dev.baton.protocol.event.Input;
import dev.baton.relay.Relay;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure 1: the round trip of a device's input through the relay to the host, committed to the session
 * log there, and back to the device as the event that carries its inputId: the end-to-end acknowledgement
 * a surface waits for. The baseline is the same frame echoed by a bare WebSocket server, in the same run.
 * Rounds alternate echo and relay so that noise from the shared machine falls on both.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = "Device input → relay → host → committed event → device, vs a raw WebSocket echo.")
public final class LatencyBench implements Callable<Integer> {
    @Option(names = "--sessions", description = "hosted sessions, one device each (default ${DEFAULT-VALUE})")
    int sessions = 4;

    @Option(
            names = "--rate",
            description = "inputs per second per device; the relay allows 20 (default ${DEFAULT-VALUE})")
    int rate = 10;

    @Option(names = "--rounds", description = "alternating echo/relay rounds (default ${DEFAULT-VALUE})")
    int rounds = 3;

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
        System.out.printf(
                Locale.ROOT,
                "latency %s: %d sessions × %d inputs/s, %d rounds of %ss per side after %ss warm-up, %d cores%n",
                Instant.now(),
                sessions,
                rate,
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
                        HostStreamSettings.defaults()));
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
            return failures == 0 ? 0 : 1;
        }
    }

    private static Input message(String inputId) {
        return new Input.Message("latency probe " + inputId);
    }
}
