package dev.baton.bench.sockets;

import dev.baton.bench.Resources;
import dev.baton.bench.Workspace;
import dev.baton.bench.fleet.EchoProcess;
import dev.baton.bench.fleet.EventSocket;
import dev.baton.bench.fleet.Fleet;
import dev.baton.bench.fleet.HeapProbe;
import dev.baton.bench.fleet.RelayCalls;
import dev.baton.bench.fleet.RelayTarget;
import dev.baton.bench.storm.StandaloneRelay;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure: how many idle, paired, subscribed device streams one relay holds in a bounded heap, and the
 * live heap each one costs (after a forced full collection, measured with {@code jcmd}). The baseline is
 * the same number of idle sockets on a bare Jetty WebSocket server in a JVM with the same heap limit.
 *
 * <p>The goal is stated for 1 GiB, and the default heap is half that: a machine whose open-file limit
 * caps one process below the goal's socket count (a container's, say) still shows the sockets it allows
 * held in half the heap, and the cost per socket says what 1 GiB holds.
 */
@Command(
        name = "sockets",
        mixinStandardHelpOptions = true,
        description =
                "Idle device sockets one relay holds in half a GiB of heap, heap per socket and what 1 GiB holds, vs bare Jetty.")
public final class SocketsBench implements Callable<Integer> {
    /** Device streams per session: one account's stream limit, less its host's stream. */
    private static final int DEVICES_PER_SESSION = Fleet.STREAMS_PER_ACCOUNT - 1;
    /** Descriptors this JVM needs besides the sockets: jars, selectors, pipes to its children, HTTP calls. */
    private static final int SPARE_DESCRIPTORS = 600;

    private static final int PARALLEL_OPENS = 200;
    private static final Pattern OPEN_FILES = Pattern.compile("Max open files\\s+(\\d+|unlimited)");

    @Option(names = "--sockets", description = "idle device sockets to open (default ${DEFAULT-VALUE})")
    int sockets = 20_000;

    @Option(names = "--heap", description = "-Xmx of the relay and of the baseline server (default ${DEFAULT-VALUE})")
    String heap = "512m";

    @Option(
            names = "--histogram",
            description = "also print the relay's top classes by live heap (jcmd GC.class_histogram) once all are open")
    boolean histogram;

    @CommandLine.Mixin
    RelayTarget target = new RelayTarget();

    @Override
    public Integer call() throws Exception {
        String unsupported = target.unsupported();
        if (unsupported == null && target.nodes() > 1) {
            unsupported = "--nodes " + target.nodes() + ": sockets measures what one relay node holds";
        }
        if (unsupported != null) {
            System.err.println("bench sockets: " + unsupported);
            return RelayTarget.UNSUPPORTED;
        }
        int count = sockets;
        long descriptors = openFileLimit();
        int sessions = (count + DEVICES_PER_SESSION - 1) / DEVICES_PER_SESSION;
        if (count + sessions + SPARE_DESCRIPTORS > descriptors) {
            count = (int)
                    Math.max(1, (descriptors - SPARE_DESCRIPTORS) * DEVICES_PER_SESSION / (DEVICES_PER_SESSION + 1));
            System.out.printf(
                    Locale.ROOT,
                    "this process may open %d files (ulimit -n, hard limit); %d sockets need more, so %d are opened"
                            + " and the heap for %d is extrapolated%n",
                    descriptors,
                    sockets,
                    count,
                    sockets);
        }
        System.out.printf(
                Locale.ROOT,
                "sockets %s: %d idle device sockets, -Xmx%s, %d cores%n",
                Instant.now(),
                count,
                heap,
                Runtime.getRuntime().availableProcessors());
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
        try (Workspace workspace = new Workspace();
                Resources open = new Resources()) {
            HttpClient http = RelayCalls.client();
            open.add(http::shutdownNow);

            double baseline;
            long baselineBefore;
            try (EchoProcess echo = EchoProcess.start(jvm, workspace.dir("echo").resolve("stderr.log"))) {
                baselineBefore = HeapProbe.liveBytes(echo.pid());
                List<EventSocket> idle = openEchoSockets(http, echo, count);
                long after = HeapProbe.liveBytes(echo.pid());
                baseline = (double) (after - baselineBefore) / idle.size();
                System.out.printf(
                        Locale.ROOT,
                        "baseline: bare Jetty WebSocket server, -Xmx%s, held %d of %d idle sockets; live heap %.1f →"
                                + " %.1f MiB, %.1f KB/socket; 1 GiB holds %d by that cost%n",
                        heap,
                        idle.size(),
                        count,
                        baselineBefore / 1048576.0,
                        after / 1048576.0,
                        baseline / 1024,
                        inOneGiB(baselineBefore, baseline));
                idle.forEach(EventSocket::abort);
            }

            List<Integer> layout =
                    new ArrayList<>(Collections.nCopies(count / DEVICES_PER_SESSION, DEVICES_PER_SESSION));
            if (count % DEVICES_PER_SESSION != 0) {
                layout.add(count % DEVICES_PER_SESSION);
            }
            List<String> relayJvm = new ArrayList<>(jvm);
            relayJvm.addAll(target.relayJvmOptions());
            StandaloneRelay relay = open.add(StandaloneRelay.start(
                    workspace.dir("relay"), relayJvm, Fleet.accountsFor(layout), target.redisUrl()));
            long before = HeapProbe.liveBytes(relay.pid());
            long settingUp = System.nanoTime();
            Fleet fleet = open.add(Fleet.build(http, relay.url(), relay.accountTokens(), layout));
            int held = fleet.deviceCount();
            System.out.printf(
                    Locale.ROOT,
                    "relay: %d sessions (%d accounts), %d of %d device sockets subscribed in %.1f s; %d sessions"
                            + " failed%s%n",
                    fleet.members().size(),
                    relay.accountTokens().size(),
                    held,
                    count,
                    (System.nanoTime() - settingUp) / 1e9,
                    fleet.failed(),
                    fleet.firstFailure() == null ? "" : " (first: " + fleet.firstFailure() + ")");
            long after = HeapProbe.liveBytes(relay.pid());
            if (histogram) {
                System.out.println(HeapProbe.histogram(relay.pid(), 25));
            }
            double perSocket = held == 0 ? 0 : (double) (after - before) / held;
            String problem = fleet.deviceProblem();
            System.out.printf(
                    Locale.ROOT,
                    "relay live heap %.1f → %.1f MiB: %.1f KB per device socket (with its share of one host stream"
                            + " and session per %d devices); %d sockets would need %.0f MiB; a device saw: %s%n",
                    before / 1048576.0,
                    after / 1048576.0,
                    perSocket / 1024,
                    DEVICES_PER_SESSION,
                    sockets,
                    (before + perSocket * sockets) / 1048576.0,
                    problem == null ? "nothing wrong" : problem);
            System.out.printf(
                    Locale.ROOT,
                    "sockets: %d device sockets in %s heap, %.1f KB/socket, 1 GiB holds %d by that cost (open-file"
                            + " limit %s; baseline: bare Jetty WebSocket %.1f KB/socket, 1 GiB holds %d)%n",
                    held,
                    heapLabel(),
                    perSocket / 1024,
                    inOneGiB(before, perSocket),
                    descriptors == Long.MAX_VALUE ? "none" : Long.toString(descriptors),
                    baseline / 1024,
                    inOneGiB(baselineBefore, baseline));
            return held == count && problem == null ? 0 : 1;
        }
    }

    private static List<EventSocket> openEchoSockets(HttpClient http, EchoProcess echo, int count)
            throws InterruptedException {
        Semaphore parallel = new Semaphore(PARALLEL_OPENS);
        List<CompletableFuture<EventSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parallel.acquire();
            opening.add(
                    EventSocket.echo(http, echo.webSocketUrl()).whenComplete((socket, failure) -> parallel.release()));
        }
        List<EventSocket> opened = new ArrayList<>();
        for (CompletableFuture<EventSocket> socket : opening) {
            try {
                opened.add(socket.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                // counted: the figure reports how many were held
            }
        }
        return opened;
    }

    /**
     * Sockets a 1 GiB heap holds at {@code perSocket} bytes each beside what the process held before any:
     * the live heap after a full collection, so a collector still needs room above it to run well.
     */
    private static long inOneGiB(long before, double perSocket) {
        return perSocket <= 0 ? 0 : (long) ((1L << 30) - before) / (long) Math.ceil(perSocket);
    }

    private String heapLabel() {
        Matcher size = Pattern.compile("(\\d+)([gGmM])").matcher(heap);
        if (!size.matches()) {
            return heap;
        }
        return size.group(1) + (size.group(2).equalsIgnoreCase("g") ? " GiB" : " MiB");
    }

    /** The soft limit on open files of this process (which the relay, its child, inherits). */
    private static long openFileLimit() throws IOException {
        Matcher limit = OPEN_FILES.matcher(Files.readString(Path.of("/proc/self/limits")));
        return !limit.find() || limit.group(1).equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(limit.group(1));
    }
}
