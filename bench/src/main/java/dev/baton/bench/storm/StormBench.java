package dev.baton.bench.storm;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "storm")
public final class StormBench implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
