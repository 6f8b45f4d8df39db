package dev.baton.bench;

import dev.baton.bench.latency.LatencyBench;
import dev.baton.bench.path.EventPathBench;
import dev.baton.bench.reconnect.ReconnectBench;
import dev.baton.bench.sockets.SocketsBench;
import dev.baton.bench.storm.StormBench;
import dev.baton.bench.throughput.ThroughputBench;
import dev.baton.fixtures.BatonJar;
import dev.baton.server.config.Logs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bench/target/bench.jar <figure> [options]}: one command per figure of docs/benchmarks.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Baton's load generators. Every figure is measured next to a baseline in the same run.",
        subcommands = {
            LatencyBench.class,
            SocketsBench.class,
            ThroughputBench.class,
            EventPathBench.class,
            ReconnectBench.class,
            StormBench.class
        })
public final class Bench implements Runnable {
    private static final Path DEFAULT_BATON_JAR = Path.of("server", "target", "baton.jar");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The relay and the host log every reconnect at info; a benchmark that causes hundreds reads better without.
        Logs.quietConsole();
        // The storm starts `baton relay` from the CLI jar; run from the repository root, it is found there.
        if (System.getProperty(BatonJar.JAR_PROPERTY) == null && Files.isRegularFile(DEFAULT_BATON_JAR)) {
            System.setProperty(
                    BatonJar.JAR_PROPERTY, DEFAULT_BATON_JAR.toAbsolutePath().toString());
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with every figure and the duration syntax ({@code 500ms}, {@code 15s}) its options take. */
    static CommandLine commandLine() {
        return new CommandLine(new Bench()).registerConverter(Duration.class, Durations::parse);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
