package dev.baton.bench.storm;

import dev.baton.bench.Latencies;
import dev.baton.bench.Resources;
import dev.baton.bench.Workspace;
import dev.baton.bench.fleet.Opaque;
import dev.baton.fixtures.DeviceClient;
import dev.baton.fixtures.net.FaultProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure 3: a thousand hosts, all connected to one standalone relay through fault proxies, lose the
 * network at once and get it back at once; how long until the relay has every one online again, and what
 * it costs the relay. The baseline, in the same run, is the same thousand hosts connecting cold (register
 * an environment and a session over HTTP, open the host stream), all at once too.
 */
@Command(
        name = "storm",
        mixinStandardHelpOptions = true,
        description = "1,000 hosts cut and restored at once: time until all are online, vs connecting them cold.")
public final class StormBench implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration RETRY = Duration.ofMillis(250);

    @Option(names = "--hosts", description = "simulated hosts (default ${DEFAULT-VALUE})")
    int hosts = 1000;

    @Option(
            names = "--warmup",
            description = "hosts connected and dropped first, so neither JVM is cold when the clock starts"
                    + " (default ${DEFAULT-VALUE})")
    int warmup = 200;

    @Option(names = "--proxies", description = "fault proxies the hosts are spread over (default ${DEFAULT-VALUE})")
    int proxies = 4;

    @Option(
            names = "--outage",
            defaultValue = "5s",
            description = "how long the network stays down (default ${DEFAULT-VALUE})")
    Duration outage;

    @Option(
            names = "--spread",
            defaultValue = "0ms",
            description = "each host's first reconnect waits a random part of this; 0 is the worst case, all in"
                    + " the same instant (default ${DEFAULT-VALUE})")
    Duration spread;

    /** What one phase cost: per-host time from the phase's start to its welcome, and the relay's CPU. */
    private record Phase(
            Latencies online, long failed, long retries, Duration relayCpu, long relayMiB, Duration generatorCpu) {}

    @Override
    public Integer call() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "storm %s: %d simulated hosts behind %d fault proxies, outage %ss, reconnects spread over %d ms,"
                        + " %d cores%n",
                Instant.now(),
                hosts,
                proxies,
                outage.toSeconds(),
                spread.toMillis(),
                Runtime.getRuntime().availableProcessors());
        try (Workspace workspace = new Workspace();
                Resources open = new Resources()) {
            StandaloneRelay relay = open.add(StandaloneRelay.start(workspace.dir("relay")));
            List<FaultProxy> network = new ArrayList<>();
            for (int p = 0; p < proxies; p++) {
                network.add(open.add(FaultProxy.to(relay.port())));
            }
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .connectTimeout(WAIT)
                    .build();
            open.add(http::shutdownNow); // close() would wait for every stream to end
            List<SimulatedHost> fleet = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                URI base = URI.create(
                        "http://127.0.0.1:" + network.get(i % proxies).port());
                fleet.add(new SimulatedHost(http, base, "storm-" + i));
            }

            try (FaultProxy warmupNetwork = FaultProxy.to(relay.port())) {
                URI base = URI.create("http://127.0.0.1:" + warmupNetwork.port());
                List<SimulatedHost> warmups = new ArrayList<>();
                for (int i = 0; i < warmup; i++) {
                    warmups.add(new SimulatedHost(http, base, "warmup-" + i));
                }
                Phase warm = phase(relay, warmups, coldStart(relay, new Latencies()));
                System.out.println("warm-up (" + warmup + " hosts, then dropped)  " + describe(warm));
            }

            Latencies registrations = new Latencies();
            Phase cold = phase(relay, fleet, coldStart(relay, registrations));
            System.out.println("cold connect (register + host stream)  " + describe(cold));
            System.out.println("  of which each host's two registration calls  " + registrations.summary());
            DeviceClient watcher = DeviceClient.redeem(
                    relay.url(),
                    URI.create(fleet.getFirst().pairing().url() + "&key=" + Opaque.contentKey()),
                    "watcher");
            List<String> ids = fleet.stream().map(SimulatedHost::sessionId).toList();
            long listed = awaitOnline(watcher, ids, hosts);
            System.out.printf(Locale.ROOT, "the relay lists %d of %d sessions online%n", listed, hosts);

            long cutAt = System.nanoTime();
            network.forEach(FaultProxy::down);
            for (SimulatedHost host : fleet) {
                host.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            long streamsClosed = System.nanoTime() - cutAt;
            long stillOnline = awaitOnline(watcher, ids, 0);
            System.out.printf(
                    Locale.ROOT,
                    "cut: every host saw its stream end after %.0f ms, the relay listed %d online after %.0f ms%n",
                    streamsClosed / 1e6,
                    stillOnline,
                    (System.nanoTime() - cutAt) / 1e6);
            LockSupport.parkNanos(cutAt + outage.toNanos() - System.nanoTime()); // the outage itself

            Phase storm = phase(
                    relay,
                    fleet,
                    (host, retries) -> {
                        long wait = spread.isZero()
                                ? 0
                                : ThreadLocalRandom.current().nextLong(spread.toNanos());
                        LockSupport.parkNanos(wait);
                        return connectWithRetries(host, retries);
                    },
                    () -> network.forEach(FaultProxy::restore));
            System.out.println("storm reconnect (host stream)          " + describe(storm));
            listed = awaitOnline(watcher, ids, hosts);
            System.out.printf(Locale.ROOT, "the relay lists %d of %d sessions online%n", listed, hosts);
            long listing = System.nanoTime();
            int shown = watcher.rawSessions().size(); // the relay's cost; a device opens titles after
            System.out.printf(
                    Locale.ROOT,
                    "one GET /v1/sessions of %d sessions took %.1f ms%n",
                    shown,
                    (System.nanoTime() - listing) / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "ratio storm/cold: all online %.2f×  p50 %.2f×  p95 %.2f×  relay CPU %.2f×; failed %d%n",
                    storm.online().maxMillis() / cold.online().maxMillis(),
                    storm.online().ratioTo(cold.online(), 50),
                    storm.online().ratioTo(cold.online(), 95),
                    (double) storm.relayCpu().toNanos() / cold.relayCpu().toNanos(),
                    cold.failed() + storm.failed());
            return cold.failed() + storm.failed() == 0 && listed == hosts ? 0 : 1;
        }
    }

    /** What each host does in a phase; returns the arrival time of its welcome. */
    private interface HostStep {
        long run(SimulatedHost host, AtomicLong retries) throws Exception;
    }

    /** A host's first start: register its environment and session (timed into {@code registrations}), connect. */
    private static HostStep coldStart(StandaloneRelay relay, Latencies registrations) {
        return (host, retries) -> {
            long registering = System.nanoTime();
            host.register(relay.accountToken());
            registrations.recordNanos(System.nanoTime() - registering);
            return connectWithRetries(host, retries);
        };
    }

    private Phase phase(StandaloneRelay relay, List<SimulatedHost> fleet, HostStep step) throws Exception {
        return phase(relay, fleet, step, () -> {});
    }

    /** Runs {@code step} for every host at once, {@code start} being the instant the phase's clock starts. */
    private Phase phase(StandaloneRelay relay, List<SimulatedHost> fleet, HostStep step, Runnable start)
            throws Exception {
        Latencies online = new Latencies();
        AtomicLong failed = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicLong startedAt = new AtomicLong();
        for (SimulatedHost host : fleet) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    online.recordNanos(step.run(host, retries) - startedAt.get());
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.out.println("a host failed: " + e);
                }
            }));
        }
        Duration cpuBefore = relay.cpu();
        Duration generatorBefore = generatorCpu();
        start.run();
        startedAt.set(System.nanoTime());
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return new Phase(
                online,
                failed.get(),
                retries.get(),
                relay.cpu().minus(cpuBefore),
                relay.residentMiB(),
                generatorCpu().minus(generatorBefore));
    }

    /** This JVM's CPU time: the simulated hosts, their HTTP client and the fault proxies. */
    private static Duration generatorCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Connects, and on a refused or failed handshake tries again shortly, as a backend would. */
    private static long connectWithRetries(SimulatedHost host, AtomicLong retries) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            CompletableFuture<Long> welcome = host.connect();
            try {
                return welcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                retries.incrementAndGet();
                LockSupport.parkNanos(
                        RETRY.toNanos() + ThreadLocalRandom.current().nextLong(RETRY.toNanos()));
            }
        }
    }

    /** Waits until the relay lists {@code count} of {@code ids} online; returns how many it lists. */
    private static long awaitOnline(DeviceClient watcher, List<String> ids, int count) {
        Set<String> fleet = Set.copyOf(ids);
        long deadline = System.nanoTime() + WAIT.toNanos();
        long online;
        do {
            online = watcher.rawSessions().stream() // simulated hosts' titles open under no key
                    .filter(summary -> summary.online() && fleet.contains(summary.id()))
                    .count();
            if (online == count) {
                return online;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        } while (System.nanoTime() < deadline);
        return online;
    }

    private static String describe(Phase phase) {
        return String.format(
                Locale.ROOT,
                "%s; all online after %.2f s; failed %d, retried %d; relay CPU %.2f s, RSS %d MiB;"
                        + " load generator and proxies CPU %.2f s",
                phase.online().summary(),
                phase.online().maxMillis() / 1000,
                phase.failed(),
                phase.retries(),
                phase.relayCpu().toMillis() / 1000.0,
                phase.relayMiB(),
                phase.generatorCpu().toMillis() / 1000.0);
    }
}
