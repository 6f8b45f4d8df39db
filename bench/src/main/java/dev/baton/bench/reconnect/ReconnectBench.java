package dev.baton.bench.reconnect;

import dev.baton.bench.HandshakeProbe;
import dev.baton.bench.HostedSession;
import dev.baton.bench.Latencies;
import dev.baton.bench.Resources;
import dev.baton.bench.TimedDevice;
import dev.baton.bench.Workspace;
import dev.baton.bench.latency.EchoServer;
import dev.baton.fixtures.InProcessRelay;
import dev.baton.fixtures.net.FaultProxy;
import dev.baton.protocol.event.Input;
import dev.baton.relay.Relay;
import dev.baton.server.config.BatonHome;
import dev.baton.server.e2ee.Keyring;
import dev.baton.server.relayclient.HostStreamSettings;
import dev.baton.server.session.SessionStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure 2: a real backend session (the server's own Remote Control and host stream, in this JVM) loses
 * its network to the relay for 5 to 30 s; meanwhile its device sends inputs, which the relay queues.
 * From the moment the network is back we time (1) the device seeing the host online and (2) the device
 * seeing every queued input committed. Several hosts run in parallel, each behind its own fault proxy,
 * so fifty cuts take minutes. The baseline, in the same run, is a fresh TCP connection plus a WebSocket
 * upgrade through the same kind of proxy: no reconnect can be faster than that.
 */
@Command(
        name = "reconnect",
        mixinStandardHelpOptions = true,
        description = "Network back → host online and queued inputs applied, over seeded random cuts.")
public final class ReconnectBench implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Option(names = "--cuts", description = "cuts in all (default ${DEFAULT-VALUE})")
    int cuts = 50;

    @Option(
            names = "--hosts",
            description = "hosts cut in parallel, each behind its own proxy (default ${DEFAULT-VALUE})")
    int hosts = 8;

    @Option(names = "--shortest", defaultValue = "5s", description = "shortest cut (default ${DEFAULT-VALUE})")
    Duration shortest;

    @Option(names = "--longest", defaultValue = "30s", description = "longest cut (default ${DEFAULT-VALUE})")
    Duration longest;

    @Option(names = "--queued", description = "inputs the device sends during each cut (default ${DEFAULT-VALUE})")
    int queued = 3;

    @Option(names = "--seed", description = "replays the cut lengths of an earlier run (default: a fresh seed)")
    Long seed;

    /** One cut's outcome; the times are from the restore, or -1 where it never came. */
    private record Cut(int index, int host, Duration length, long onlineNanos, long appliedNanos, String failure) {}

    @Override
    public Integer call() throws Exception {
        CutPlan plan = CutPlan.draw(seed != null ? seed : System.nanoTime(), cuts, shortest, longest);
        System.out.printf(
                Locale.ROOT,
                "reconnect %s: %d cuts of %ss to %ss over %d hosts, %d queued inputs each, seed %d, %d cores%n",
                Instant.now(),
                cuts,
                shortest.toSeconds(),
                longest.toSeconds(),
                hosts,
                queued,
                plan.seed(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("cut lengths (s): "
                + plan.cuts().stream()
                        .map(d -> String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0))
                        .toList());
        System.out.println("hosts: the server's RemoteControl with its own reconnect schedule and "
                + HostStreamSettings.defaults());

        List<Cut> results = Collections.synchronizedList(new ArrayList<>());
        Latencies handshakes = new Latencies();
        try (Workspace workspace = new Workspace();
                Resources open = new Resources()) {
            Relay relay = open.add(InProcessRelay.start(workspace.dir("relay")));
            EchoServer echo = open.add(EchoServer.start());
            FaultProxy echoProxy = open.add(FaultProxy.to(echo.url().getPort()));
            URI echoThroughProxy =
                    URI.create("ws://127.0.0.1:" + echoProxy.port() + echo.url().getPath());
            String account = relay.createAccountToken("bench");
            SessionStore store = new SessionStore(workspace.dir("sessions"));
            Keyring keys = Keyring.open(new BatonHome(workspace.dir("home")));
            List<Thread> threads = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                FaultProxy proxy = open.add(FaultProxy.to(relay.port()));
                HostedSession hosted = open.add(HostedSession.start(
                        store,
                        workspace.dir("work-" + h),
                        "reconnect-" + h,
                        URI.create("http://127.0.0.1:" + proxy.port()),
                        relay.url(),
                        account,
                        HostStreamSettings.defaults(),
                        keys));
                int host = h;
                threads.add(Thread.ofVirtual().name("host-" + h).start(() -> {
                    for (int index : plan.cutsOf(host, hosts)) {
                        Cut cut = cut(index, host, plan.cuts().get(index), proxy, hosted.device());
                        results.add(cut);
                        System.out.println(describe(cut));
                        try {
                            handshakes.recordNanos(HandshakeProbe.nanosToOpen(echoThroughProxy));
                        } catch (Exception e) {
                            System.out.println("handshake probe failed: " + e);
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        return report(results, handshakes);
    }

    /** One cut of one host: down, queue inputs, wait out the cut, restore, time the recovery. */
    private Cut cut(int index, int host, Duration length, FaultProxy proxy, TimedDevice device) {
        try {
            if (!device.online()) {
                CompletableFuture<Long> back = device.nextPresence(true);
                if (!device.online()) {
                    back.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }
            CompletableFuture<Long> offline = device.nextPresence(false);
            long cutAt = System.nanoTime();
            proxy.down();
            offline.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            List<CompletableFuture<Long>> committed = new ArrayList<>();
            List<CompletableFuture<Long>> queuedAnswers = new ArrayList<>();
            for (int q = 0; q < queued; q++) {
                String inputId = "cut-" + index + "-" + q;
                committed.add(device.committed(inputId));
                queuedAnswers.add(device.queued(inputId));
                device.send(inputId, new Input.Message("sent during cut " + index));
            }
            CompletableFuture.allOf(queuedAnswers.toArray(CompletableFuture[]::new))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            CompletableFuture<Long> online = device.nextPresence(true);
            LockSupport.parkNanos(cutAt + length.toNanos() - System.nanoTime()); // the outage itself
            proxy.restore();
            long restoredAt = System.nanoTime();
            long onlineNanos = online.get(WAIT.toSeconds(), TimeUnit.SECONDS) - restoredAt;
            long appliedAt = restoredAt;
            for (CompletableFuture<Long> arrival : committed) {
                appliedAt = Math.max(appliedAt, arrival.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            return new Cut(index, host, length, onlineNanos, appliedAt - restoredAt, null);
        } catch (Exception e) {
            proxy.restore();
            return new Cut(index, host, length, -1, -1, e + " (device saw: " + device.problems() + ")");
        }
    }

    private static String describe(Cut cut) {
        if (cut.failure() != null) {
            return String.format(
                    Locale.ROOT,
                    "cut %2d host %d %5.1f s: FAILED %s",
                    cut.index(),
                    cut.host(),
                    cut.length().toMillis() / 1000.0,
                    cut.failure());
        }
        return String.format(
                Locale.ROOT,
                "cut %2d host %d %5.1f s: online after %6.0f ms, queued inputs applied after %6.0f ms",
                cut.index(),
                cut.host(),
                cut.length().toMillis() / 1000.0,
                cut.onlineNanos() / 1e6,
                cut.appliedNanos() / 1e6);
    }

    private int report(List<Cut> results, Latencies handshakes) {
        Latencies online = new Latencies();
        Latencies applied = new Latencies();
        long failed = 0;
        for (Cut cut : results) {
            if (cut.failure() != null) {
                failed++;
            } else {
                online.recordNanos(cut.onlineNanos());
                applied.recordNanos(cut.appliedNanos());
            }
        }
        System.out.println("baseline (TCP connect + WebSocket upgrade)  " + handshakes.summary());
        System.out.println("restore → host online (seen by device)      " + online.summary());
        System.out.println("restore → queued inputs committed           " + applied.summary());
        System.out.printf(
                Locale.ROOT,
                "ratio online/baseline p50 %.0f×  p95 %.0f×; applied p95 %s the 2 s target; failed cuts %d%n",
                online.ratioTo(handshakes, 50),
                online.ratioTo(handshakes, 95),
                applied.millisAt(95) < 2000 ? "meets" : "MISSES",
                failed);
        return failed == 0 ? 0 : 1;
    }
}
