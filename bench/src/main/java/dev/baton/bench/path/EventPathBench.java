package dev.baton.bench.path;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Figure: the time and allocation of the relay's own work per committed event (read, seq check, fan-out,
 * tail, ack), without sockets or a file, against reading the same frame, with JMH. The socket figures move
 * by 20-40% from run to run on this machine; this one measures one thread doing one thing.
 */
@Command(
        name = "path",
        mixinStandardHelpOptions = true,
        description = "The relay's own time and allocation per event, without sockets (JMH), vs reading the frame.")
public final class EventPathBench implements Callable<Integer> {
    @Option(names = "--sessions", description = "sessions taking turns, one device each (default ${DEFAULT-VALUE})")
    int sessions = 1000;

    @Option(names = "--forks", description = "fresh JVMs per side; 0 runs in this one (default ${DEFAULT-VALUE})")
    int forks = 2;

    @Option(names = "--iterations", description = "measured iterations per fork (default ${DEFAULT-VALUE})")
    int iterations = 5;

    @Option(
            names = "--iteration",
            defaultValue = "2s",
            description = "length of an iteration, warm-up ones too (default ${DEFAULT-VALUE})")
    Duration iteration;

    @Option(names = "--warmups", description = "warm-up iterations per fork (default ${DEFAULT-VALUE})")
    int warmups = 5;

    @Override
    public Integer call() throws Exception {
        TimeValue length = TimeValue.milliseconds(iteration.toMillis());
        Options options = new OptionsBuilder()
                .include(EventPath.class.getName() + "\\.")
                .param("sessions", Integer.toString(sessions))
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(length)
                .measurementIterations(iterations)
                .measurementTime(length)
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Side relay = Side.of(results, "relay");
        Side frame = Side.of(results, "readFrame");
        System.out.printf(
                Locale.ROOT,
                "path: relay/frame time %.2fx, allocation %.2fx per event (%d sessions x 1 device, store in memory):"
                        + " relay %,.0f ns and %,.0f B, reading the frame %,.0f ns and %,.0f B%n",
                relay.nanos() / frame.nanos(),
                relay.bytes() / frame.bytes(),
                sessions,
                relay.nanos(),
                relay.bytes(),
                frame.nanos(),
                frame.bytes());
        return 0;
    }

    /** One benchmark's time and allocation per event. */
    private record Side(double nanos, double bytes) {
        static Side of(Collection<RunResult> results, String method) {
            RunResult result = results.stream()
                    .filter(run -> run.getParams().getBenchmark().endsWith("." + method))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("JMH ran no " + method));
            Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (allocation == null) {
                throw new IllegalStateException("JMH measured no allocation for " + method);
            }
            return new Side(result.getPrimaryResult().getScore(), allocation.getScore());
        }
    }
}
