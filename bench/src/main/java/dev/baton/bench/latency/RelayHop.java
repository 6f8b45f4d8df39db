package dev.baton.bench.latency;

import dev.baton.bench.Latencies;
import dev.baton.bench.Resources;
import dev.baton.bench.Workspace;
import dev.baton.bench.fleet.EchoProcess;
import dev.baton.bench.fleet.EventPipe;
import dev.baton.bench.fleet.EventSocket;
import dev.baton.bench.fleet.Fleet;
import dev.baton.bench.fleet.RelayCalls;
import dev.baton.bench.storm.StandaloneRelay;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The default latency figure: one relay hop, a host's {@code events} frame → the relay (stored, then
 * fanned out) → the device that follows the session, timed from the host's send to the device's receipt
 * (both in this JVM). The baseline is the same frame through a bare Jetty WebSocket echo in its own
 * process: also two socket traversals. The relay runs as {@code baton relay} in its own process.
 */
final class RelayHop {
    private RelayHop() {}

    /** {@code 10} or {@code 0.5}: a rate as people write it. */
    static String rate(double perSecond) {
        return BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString();
    }

    private static double microsEach(Duration cpu, long count) {
        return count == 0 ? 0.0 : cpu.toNanos() / 1e3 / count;
    }

    /** Prints the figure; its last line is the result. Returns 0 when nothing failed. */
    static int run(
            int sessions,
            double rate,
            int rounds,
            Duration round,
            Duration warmup,
            List<String> relayJvm,
            String store,
            String redisUrl,
            int nodes)
            throws Exception {
        System.out.printf(
                Locale.ROOT,
                "latency %s: relay hop, %d sessions × 1 device, %s events/s each (open loop), %d rounds of %ss per"
                        + " side after %ss warm-up, %d cores%n",
                Instant.now(),
                sessions,
                rate(rate),
                rounds,
                round.toSeconds(),
                warmup.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        try (Workspace workspace = new Workspace();
                Resources open = new Resources()) {
            List<Integer> layout = Collections.nCopies(sessions, 1);
            StandaloneRelay relay = open.add(
                    StandaloneRelay.start(workspace.dir("relay"), relayJvm, Fleet.accountsFor(layout), redisUrl));
            EchoProcess echo =
                    open.add(EchoProcess.start(List.of(), workspace.dir("echo").resolve("stderr.log")));
            HttpClient http = RelayCalls.client();
            open.add(http::shutdownNow);
            long settingUp = System.nanoTime();
            // With two nodes the devices are on the second, and every event crosses between the nodes.
            StandaloneRelay devicesRelay = nodes > 1
                    ? open.add(StandaloneRelay.start(workspace.dir("relay-2"), relayJvm, 0, redisUrl))
                    : relay;
            Fleet fleet = open.add(Fleet.build(http, relay.url(), devicesRelay.url(), relay.accountTokens(), layout));
            System.out.printf(
                    Locale.ROOT,
                    "set up %d sessions (%d accounts) with a device each in %.1f s; %d failed%n",
                    fleet.members().size(),
                    relay.accountTokens().size(),
                    (System.nanoTime() - settingUp) / 1e9,
                    fleet.failed());
            if (fleet.failed() > 0) {
                System.out.println("first failure: " + fleet.firstFailure());
                return 1;
            }
            List<Function<String, CompletableFuture<Long>>> hops = new ArrayList<>();
            for (Fleet.Member member : fleet.members()) {
                EventPipe pipe = new EventPipe(member.host()::send, 2); // the host's log holds seq 1
                member.devices().getFirst().listen(pipe::arrived);
                hops.add(id -> pipe.sendNext());
            }
            List<Function<String, CompletableFuture<Long>>> echoes = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                EventSocket socket = EventSocket.echo(http, echo.webSocketUrl()).get(60, TimeUnit.SECONDS);
                open.add(socket::abort);
                EventPipe pipe = new EventPipe(socket::send, 1);
                socket.listen(pipe::arrived);
                echoes.add(id -> pipe.sendNext());
            }

            PacedLoad.run(echoes, rate, warmup, "warm-echo", new Latencies());
            PacedLoad.run(hops, rate, warmup, "warm-hop", new Latencies());
            Latencies echoAll = new Latencies();
            Latencies hopAll = new Latencies();
            long failures = 0;
            Duration relayCpu = Duration.ZERO;
            Duration echoCpu = Duration.ZERO;
            for (int r = 1; r <= rounds; r++) {
                Latencies echoRound = new Latencies();
                Latencies hopRound = new Latencies();
                Duration echoCpuBefore = echo.cpu();
                long echoFailed = PacedLoad.run(echoes, rate, round, "echo-" + r, echoRound);
                echoCpu = echoCpu.plus(echo.cpu().minus(echoCpuBefore));
                Duration cpuBefore = StandaloneRelay.cpuOf(relay, devicesRelay);
                long hopFailed = PacedLoad.run(hops, rate, round, "hop-" + r, hopRound);
                relayCpu =
                        relayCpu.plus(StandaloneRelay.cpuOf(relay, devicesRelay).minus(cpuBefore));
                failures += echoFailed + hopFailed;
                System.out.printf(Locale.ROOT, "round %d echo  %s (failed %d)%n", r, echoRound.summary(), echoFailed);
                System.out.printf(Locale.ROOT, "round %d hop   %s (failed %d)%n", r, hopRound.summary(), hopFailed);
                echoAll.add(echoRound);
                hopAll.add(hopRound);
            }
            String problem = fleet.deviceProblem();
            if (problem != null) {
                System.out.println("a device saw: " + problem);
            }
            long hostsEnded = fleet.hostsEnded();
            if (hostsEnded > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "%d of %d host streams ended during the run (their events were lost with them)%n",
                        hostsEnded,
                        fleet.members().size());
            }
            System.out.println("baseline (bare Jetty WebSocket echo)  " + echoAll.summary());
            System.out.println("relay hop (host → relay → device)     " + hopAll.summary());
            double relayPerEvent = microsEach(relayCpu, hopAll.count());
            double echoPerMessage = microsEach(echoCpu, echoAll.count());
            // The echo's CPU per message is this machine's cost of two socket traversals in Jetty right
            // now; the relay's over it is what the relay adds, and it stays readable on a loaded machine.
            System.out.printf(
                    Locale.ROOT,
                    "relay CPU while hopping: %.2f s for %d events (%.0f µs/event); echo CPU while echoing: %.2f s"
                            + " for %d messages (%.0f µs/message); relay/echo CPU %.2fx; failed %d%n",
                    relayCpu.toNanos() / 1e9,
                    hopAll.count(),
                    relayPerEvent,
                    echoCpu.toNanos() / 1e9,
                    echoAll.count(),
                    echoPerMessage,
                    echoPerMessage == 0 ? 0.0 : relayPerEvent / echoPerMessage,
                    failures);
            System.out.printf(
                    Locale.ROOT,
                    "latency: hop/echo p50 %.2fx p99 %.2fx (%d sessions x %s ev/s, %s)%n",
                    hopAll.ratioTo(echoAll, 50),
                    hopAll.ratioTo(echoAll, 99),
                    sessions,
                    rate(rate),
                    store);
            return failures == 0 && problem == null && hostsEnded == 0 ? 0 : 1;
        }
    }
}
