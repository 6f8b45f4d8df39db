package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fixtures.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each figure, run for a second or two at the smallest size, so a change to the protocol or the relay
 * that breaks a benchmark breaks the build instead of the next person who wants a number. The figures
 * {@code bench/run} prints end with one result line in a stable form, which scripts read: checked here.
 */
@Timeout(120)
class FiguresSmokeTest {
    @Test
    void latencyTimesTheRelayHopAgainstTheEcho() {
        String out =
                run("latency", "--sessions", "2", "--rate", "5", "--rounds", "1", "--round", "1s", "--warmup", "1s");

        assertThat(out).contains("relay hop (host → relay → device)     n=10", "failed 0");
        assertThat(lastLine(out))
                .matches("latency: hop/echo p50 \\d+\\.\\d{2}x p99 \\d+\\.\\d{2}x \\(2 sessions x 5 ev/s,"
                        + " embedded store\\)");
    }

    @Test
    void fullLatencyComparesTheWholeLoopWithTheEcho() {
        String out = run(
                "latency",
                "--full",
                "--sessions",
                "1",
                "--rate",
                "5",
                "--rounds",
                "1",
                "--round",
                "1s",
                "--warmup",
                "1s");

        assertThat(out)
                .contains("baseline (raw WebSocket echo)  n=5", "relay hop (input → committed)  n=5", "failed 0");
        assertThat(lastLine(out))
                .matches("latency: full/echo p50 \\d+\\.\\d{2}x p99 \\d+\\.\\d{2}x \\(1 sessions x 5 inputs/s,"
                        + " input to committed event, in-process relay, embedded store\\)");
    }

    @Test
    void socketsMeasuresHeapPerIdleDeviceSocketAgainstBareJetty() {
        String out = run("sockets", "--sockets", "70", "--heap", "256m");

        assertThat(out).contains("70 of 70 device sockets subscribed", "a device saw: nothing wrong");
        assertThat(lastLine(out))
                .matches("sockets: 70 device sockets in 256 MiB heap, -?\\d+\\.\\d KB/socket, 1 GiB holds \\d+ by that"
                        + " cost \\(open-file limit (\\d+|none); baseline: bare Jetty WebSocket -?\\d+\\.\\d KB/socket,"
                        + " 1 GiB holds \\d+\\)");
    }

    @Test
    void throughputCountsDeliveredEventsAtEachSessionCount() {
        String out = run("throughput", "--sessions", "3", "--fewer", "1", "--length", "1s", "--warmup", "1s");

        assertThat(out).contains("    3 sessions: relay ", "    1 sessions: relay ");
        assertThat(lastLine(out))
                .matches("throughput: [\\d,]+ events/s delivered \\(3 sessions x 1 device; peak [\\d,]+ at [13]"
                        + " sessions; baseline echo [\\d,]+ msg/s; embedded store\\)");
    }

    @Test
    void throughputRunsOnARedisStore(@TempDir Path dir) {
        try (RedisServer redis = RedisServer.start(dir)) {
            String out = briefThroughputOn(redis);

            assertThat(lastLine(out)).endsWith("; redis store)").doesNotContain(redis.url());
            assertThat(redis.command("DBSIZE").strip()).isNotEqualTo("0");
        }
    }

    @Test
    void throughputAcrossTwoNodesOnOneRedis(@TempDir Path dir) {
        try (RedisServer redis = RedisServer.start(dir)) {
            String out = briefThroughputOn(redis, "--nodes", "2");

            assertThat(lastLine(out))
                    .matches("throughput: [\\d,]+ events/s delivered \\(2 sessions x 1 device; peak .*; redis store, 2"
                            + " nodes\\)");
            assertThat(lastLine(out)).doesNotStartWith("throughput: 0 events/s");
        }
    }

    /** Two sessions for a second, on {@code redis}, with {@code more} options. */
    private static String briefThroughputOn(RedisServer redis, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "throughput", "--sessions", "2", "--fewer", "1", "--length", "1s", "--warmup", "1s", "--store"));
        args.add(redis.url());
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void twoNodesWithoutASharedStoreAreRefusedNotFaked() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine bench = Bench.commandLine();
        bench.setErr(new PrintWriter(errors, true, StandardCharsets.UTF_8));
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            exit = bench.execute("throughput", "--nodes", "2");
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8))
                .isEqualTo("bench throughput: --nodes 2: relay nodes share sessions only through Redis; give --store"
                        + " redis://…" + System.lineSeparator());
    }

    @Test
    void reconnectTimesARestoreWithTheSeedPrinted() {
        String out =
                run("reconnect", "--cuts", "1", "--hosts", "1", "--shortest", "1s", "--longest", "1s", "--seed", "5");

        assertThat(out)
                .contains("seed 5", "cut lengths (s): [1.0]", "restore → queued inputs committed           n=1")
                .contains("failed cuts 0");
    }

    @Test
    void pathTimesTheRelaysOwnWorkPerEventAgainstReadingTheFrame() {
        String out = run(
                "path",
                "--sessions",
                "10",
                "--forks",
                "0",
                "--warmups",
                "1",
                "--iterations",
                "1",
                "--iteration",
                "200ms");

        assertThat(lastLine(out))
                .matches("path: relay/frame time \\d+\\.\\d{2}x, allocation \\d+\\.\\d{2}x per event \\(10 sessions x 1"
                        + " device, store in memory\\): relay [\\d,]+ ns and [\\d,]+ B, reading the frame [\\d,]+ ns and"
                        + " [\\d,]+ B");
    }

    @Test
    void stormBringsEveryHostBackOnAStandaloneRelay() {
        String out = run("storm", "--hosts", "5", "--warmup", "1", "--proxies", "2", "--outage", "1s");

        assertThat(out)
                .contains("storm reconnect (host stream)          n=5", "the relay lists 5 of 5 sessions online")
                .contains("failed 0");
    }

    private static String lastLine(String out) {
        return out.strip().lines().reduce((first, second) -> second).orElse("");
    }

    private static String run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = Bench.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit)
                .as("exit status of bench %s; it printed:%n%s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
