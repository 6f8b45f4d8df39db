package dev.baton.bench;

import dev.baton.bench.latency.LatencyBench;
import dev.baton.bench.reconnect.ReconnectBench;
import dev.baton.bench.storm.StormBench;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bench/target/bench.jar <figure> [options]}: one command per figure of docs/benchmarks.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Baton's load generators. Every figure is measured next to a baseline in the same run.",
        subcommands = {LatencyBench.class, ReconnectBench.class, StormBench.class})
public final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The relay and the host log every reconnect at info; a benchmark that causes hundreds reads better without.
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.baton") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.baton", "warn");
        }
        System.exit(new CommandLine(new Bench())
                .registerConverter(Duration.class, Durations::parse)
                .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
