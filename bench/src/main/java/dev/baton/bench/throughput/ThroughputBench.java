package dev.baton.bench.throughput;

import dev.baton.bench.Resources;
import dev.baton.bench.Workspace;
import dev.baton.bench.fleet.EchoProcess;
import dev.baton.bench.fleet.EventPipe;
import dev.baton.bench.fleet.EventSocket;
import dev.baton.bench.fleet.Fleet;
import dev.baton.bench.fleet.RelayCalls;
import dev.baton.bench.fleet.RelayTarget;
import dev.baton.bench.storm.StandaloneRelay;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure: committed events per second the relay delivers from hosts to their devices, with every session
 * keeping a few events in flight (sent, not yet seen by its device), at 1,000 sessions and at fewer, for
 * the peak. The baseline is the same frames through a bare Jetty WebSocket echo in its own process, with
 * the same number of sockets and the same window, in the same run.
 */
@Command(
        name = "throughput",
        mixinStandardHelpOptions = true,
        description = "Events/s delivered host → relay → device at 1,000 sessions and fewer, vs a bare echo.")
public final class ThroughputBench implements Callable<Integer> {
    @Option(names = "--sessions", description = "sessions, one device each (default ${DEFAULT-VALUE})")
    int sessions = 1000;

    @Option(
            names = "--fewer",
            split = ",",
            description = "smaller session counts measured too, for the peak (default ${DEFAULT-VALUE})")
    List<Integer> fewer = new ArrayList<>(List.of(100, 10));

    @Option(names = "--window", description = "events in flight per session (default ${DEFAULT-VALUE})")
    int window = 4;

    @Option(
            names = "--length",
            defaultValue = "10s",
            description = "measured time per session count and side (default ${DEFAULT-VALUE})")
    Duration length;

    @Option(
            names = "--warmup",
            defaultValue = "3s",
            description = "unrecorded load on both before measuring (default ${DEFAULT-VALUE})")
    Duration warmup;

    @CommandLine.Mixin
    RelayTarget target = new RelayTarget();

    @Override
    public Integer call() throws Exception {
        String unsupported = target.unsupported();
        if (unsupported != null) {
            System.err.println("bench throughput: " + unsupported);
            return RelayTarget.UNSUPPORTED;
        }
        TreeSet<Integer> counts = new TreeSet<>(Collections.reverseOrder());
        counts.add(sessions);
        fewer.stream().filter(n -> n > 0 && n < sessions).forEach(counts::add);
        System.out.printf(
                Locale.ROOT,
                "throughput %s: session counts %s, 1 device each, %d events in flight per session, %ss per count"
                        + " and side, %d cores%n",
                Instant.now(),
                counts,
                window,
                length.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        try (Workspace workspace = new Workspace();
                Resources open = new Resources()) {
            List<Integer> layout = Collections.nCopies(sessions, 1);
            StandaloneRelay relay = open.add(StandaloneRelay.start(
                    workspace.dir("relay"), target.relayJvmOptions(), Fleet.accountsFor(layout), target.redisUrl()));
            EchoProcess echo =
                    open.add(EchoProcess.start(List.of(), workspace.dir("echo").resolve("stderr.log")));
            HttpClient http = RelayCalls.client();
            open.add(http::shutdownNow);
            long settingUp = System.nanoTime();
            // With two nodes the devices are on the second, and every event crosses between the nodes.
            StandaloneRelay devicesRelay = target.nodes() > 1
                    ? open.add(StandaloneRelay.start(
                            workspace.dir("relay-2"), target.relayJvmOptions(), 0, target.redisUrl()))
                    : relay;
            Fleet fleet = open.add(Fleet.build(http, relay.url(), devicesRelay.url(), relay.accountTokens(), layout));
            System.out.printf(
                    Locale.ROOT,
                    "set up %d sessions with a device each in %.1f s; %d failed%n",
                    fleet.members().size(),
                    (System.nanoTime() - settingUp) / 1e9,
                    fleet.failed());
            if (fleet.failed() > 0) {
                System.out.println("first failure: " + fleet.firstFailure());
                return 1;
            }
            List<EventPipe> hops = new ArrayList<>();
            for (Fleet.Member member : fleet.members()) {
                EventPipe pipe = new EventPipe(member.host()::send, 2); // the host's log holds seq 1
                member.devices().getFirst().listen(pipe::arrived);
                hops.add(pipe);
            }
            List<EventPipe> echoes = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                EventSocket socket = EventSocket.echo(http, echo.webSocketUrl()).get(60, TimeUnit.SECONDS);
                open.add(socket::abort);
                EventPipe pipe = new EventPipe(socket::send, 1);
                socket.listen(pipe::arrived);
                echoes.add(pipe);
            }

            Window.run(echoes, window, warmup);
            Window.run(hops, window, warmup);
            double atFull = 0;
            double echoAtFull = 0;
            double peak = 0;
            int peakAt = 0;
            for (int count : counts) {
                Window.Result echoed = Window.run(echoes.subList(0, count), window, length);
                Duration cpuBefore = StandaloneRelay.cpuOf(relay, devicesRelay);
                Window.Result delivered = Window.run(hops.subList(0, count), window, length);
                Duration relayCpu = StandaloneRelay.cpuOf(relay, devicesRelay).minus(cpuBefore);
                System.out.printf(
                        Locale.ROOT,
                        "%5d sessions: relay %,.0f events/s, echo %,.0f msg/s (%.2fx); relay CPU %.1f s in %ss"
                                + " (%.0f µs/event)%n",
                        count,
                        delivered.perSecond(),
                        echoed.perSecond(),
                        delivered.perSecond() / echoed.perSecond(),
                        relayCpu.toNanos() / 1e9,
                        length.toSeconds(),
                        delivered.count() == 0 ? 0.0 : relayCpu.toNanos() / 1e3 / delivered.count());
                if (count == sessions) {
                    atFull = delivered.perSecond();
                    echoAtFull = echoed.perSecond();
                }
                if (delivered.perSecond() > peak) {
                    peak = delivered.perSecond();
                    peakAt = count;
                }
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
            System.out.printf(
                    Locale.ROOT,
                    "throughput: %,.0f events/s delivered (%d sessions x 1 device; peak %,.0f at %d sessions;"
                            + " baseline echo %,.0f msg/s; %s)%n",
                    atFull,
                    sessions,
                    peak,
                    peakAt,
                    echoAtFull,
                    target.label());
            return problem == null && hostsEnded == 0 && atFull > 0 ? 0 : 1;
        }
    }
}
