package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each figure, run for a second or two at the smallest size, so a change to the protocol or the relay
 * that breaks a benchmark breaks the build instead of the next person who wants a number.
 */
@Timeout(120)
class FiguresSmokeTest {
    @Test
    void latencyComparesTheRelayHopWithTheEcho() {
        String out =
                run("latency", "--sessions", "1", "--rate", "5", "--rounds", "1", "--round", "1s", "--warmup", "1s");

        assertThat(out)
                .contains("baseline (raw WebSocket echo)  n=5", "relay hop (input → committed)  n=5", "failed 0");
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
    void stormBringsEveryHostBackOnAStandaloneRelay() {
        String out = run("storm", "--hosts", "5", "--warmup", "1", "--proxies", "2", "--outage", "1s");

        assertThat(out)
                .contains("storm reconnect (host stream)          n=5", "the relay lists 5 of 5 sessions online")
                .contains("failed 0");
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
