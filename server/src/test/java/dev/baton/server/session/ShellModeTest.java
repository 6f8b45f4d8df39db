package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.agent.loop.AgentSettings;
import dev.baton.server.sandbox.DomainAllowList;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.sandbox.SandboxSettings;
import dev.baton.server.session.shell.ShellCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellModeTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private Session session;

    @AfterEach
    void closeSession() {
        if (session != null) {
            session.close();
        }
    }

    private Session start(SessionSettings settings) {
        session = new SessionStore(home, settings).create(null, workspace);
        return session;
    }

    @Test
    void aBangCommandRunsInTheSessionsSandbox() {
        Sandbox sandbox = SandboxSettings.NONE.sandbox(true, home, home);
        start(SessionSettings.defaults().withAgent(AgentSettings.none().withSandbox(sandbox)))
                .submit("in-1", "editor", new Input.Message("!touch ../escaped.txt; echo inside > made.txt"));

        List<Event> events = Await.workDone(session, "in-1");

        assertThat(((EventBody.ToolResult) events.get(3).body()).exitCode()).isZero();
        assertThat(workspace.resolve("made.txt")).hasContent("inside");
        // Outside the project the write landed in the sandbox's own /tmp, not next to the project.
        assertThat(workspace.toAbsolutePath().getParent().resolve("escaped.txt"))
                .doesNotExist();
    }

    @Test
    void aConnectionTheSandboxRefusesIsShownInTheTranscript() {
        Sandbox sandbox = new SandboxSettings(true, List.of(), List.of(), new DomainAllowList(List.of("localhost")))
                .sandbox(true, home, home);
        start(SessionSettings.defaults().withAgent(AgentSettings.none().withSandbox(sandbox)))
                .submit(
                        "in-1",
                        "editor",
                        new Input.Message("!curl -sS -o /dev/null -w '%{http_code}' http://not-allowed.invalid/x"));

        EventBody.ToolResult result = toolResult(Await.workDone(session, "in-1"));

        assertThat(result.output()).isEqualTo("403");
        String refused =
                "Sandbox: refused a connection to not-allowed.invalid:80 (not in" + " sandbox.network.allowedDomains)";
        Await.until("the refusal in the transcript", () -> session.eventsAfter(0).stream()
                .anyMatch(event -> event.body().equals(new EventBody.Notice(refused))));
    }

    @Test
    void echoCommitsTheFiveEventsStampedWithItsInput() {
        start(SessionSettings.defaults()).submit("in-1", "phone-1", new Input.Message("!echo hello; pwd"));

        List<Event> events = Await.workDone(session, "in-1");

        assertThat(events)
                .extracting(Event::type)
                .containsExactly("user_message", "status", "tool_call", "tool_result", "status");
        assertThat(events).allSatisfy(event -> assertThat(event.origin()).isEqualTo("phone-1"));
        assertThat(events.get(0).body()).isEqualTo(new EventBody.UserMessage("!echo hello; pwd"));
        assertThat(events.get(1).body()).isEqualTo(new EventBody.Status(true));
        EventBody.ToolCall call = (EventBody.ToolCall) events.get(2).body();
        assertThat(call.tool()).isEqualTo("shell");
        assertThat(call.input().get("command").asText()).isEqualTo("echo hello; pwd");
        EventBody.ToolResult result = (EventBody.ToolResult) events.get(3).body();
        assertThat(result.callId()).isEqualTo(call.callId());
        assertThat(result.ok()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).isEqualTo("hello\n" + workspace.toAbsolutePath() + "\n");
        assertThat(events.get(4).body()).isEqualTo(new EventBody.Status(false));
        assertThat(session.snapshot().processing()).isFalse();
    }

    @Test
    void failureMergesStderrAndReportsTheExitCodeWithStdinClosed() {
        start(SessionSettings.defaults()).submit("in-1", "editor", new Input.Message("!cat; echo oops >&2; exit 3"));

        EventBody.ToolResult result = toolResult(Await.workDone(session, "in-1"));

        assertThat(result.ok()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("oops\n");
    }

    @Test
    void keepsTheFirst64KiBAndSaysHowMuchWasDropped() {
        start(SessionSettings.defaults())
                .submit("in-1", "editor", new Input.Message("!head -c 100000 /dev/zero | tr '\\0' a"));

        EventBody.ToolResult result = toolResult(Await.workDone(session, "in-1"));

        assertThat(result.ok()).isTrue();
        assertThat(result.output())
                .startsWith("a".repeat(ShellCommand.OUTPUT_LIMIT) + "\n")
                .endsWith("[output truncated: kept the first 65536 bytes, dropped " + (100_000 - 65_536) + " more]");
    }

    @Test
    void stopsACommandThatRunsPastTheTimeLimit() {
        start(SessionSettings.defaults().withShellTimeLimit(Duration.ofMillis(300)))
                .submit("in-1", "editor", new Input.Message("!echo started; sleep 30"));

        EventBody.ToolResult result = toolResult(Await.workDone(session, "in-1"));

        assertThat(result.ok()).isFalse();
        // Between the two the shell may report its child's death ("Terminated"), as shells do.
        assertThat(result.output())
                .startsWith("started\n")
                .endsWith("\n[stopped: the command ran past its time limit of 300 ms]");
    }

    @Test
    void interruptKillsTheProcessTreeAndReturnsToIdle() throws Exception {
        start(SessionSettings.defaults());
        ProcessHandle sleeper = startSleeper("in-1");
        assertThat(session.snapshot().processing()).isTrue();

        session.submit("in-2", "phone-1", new Input.Interrupt());

        List<Event> events = Await.workDone(session, "in-1");
        assertThat(toolResult(events).ok()).isFalse();
        assertThat(toolResult(events).output()).endsWith("[interrupted]");
        assertThat(Await.stamped(session, "in-2")).singleElement().satisfies(event -> {
            assertThat(event.body()).isEqualTo(new EventBody.Notice("Interrupted"));
            assertThat(event.origin()).isEqualTo("phone-1");
        });
        assertThat(session.snapshot().processing()).isFalse();
        Await.until("the background sleep to die", () -> !sleeper.isAlive());
    }

    /** A race the shell used to win most times, so it is run a few times over. */
    @Test
    void interruptStopsTheRestOfTheLineToo() {
        start(SessionSettings.defaults());
        for (int round = 1; round <= 5; round++) {
            Path pidFile = workspace.resolve("pid" + round);
            Path after = workspace.resolve("after" + round);
            session.submit(
                    "run-" + round,
                    "editor",
                    new Input.Message("!echo $$ > pid.tmp; mv pid.tmp " + pidFile.getFileName() + "; sleep 30; touch "
                            + after.getFileName()));
            Await.until("the command to start", () -> Files.exists(pidFile));
            ProcessHandle shell = ProcessHandle.of(readPid(pidFile)).orElseThrow();
            Await.until(
                    "the shell to run sleep", () -> shell.children().findAny().isPresent());
            session.submit("stop-" + round, "phone-1", new Input.Interrupt());

            assertThat(toolResult(Await.workDone(session, "run-" + round)).output())
                    .endsWith("[interrupted]");
            assertThat(after)
                    .as("round " + round + ": what came after the interrupted command")
                    .doesNotExist();
        }
    }

    @Test
    void messagesArrivingWhileWorkRunsAreCommittedAtOnceAndRunAfterIt() {
        start(SessionSettings.defaults());
        session.submit("in-1", "editor", new Input.Message("!sleep 30"));
        session.submit("in-2", "editor", new Input.Message("!echo second"));
        Await.until("the second message", () -> !Await.stamped(session, "in-2").isEmpty());
        assertThat(Await.stamped(session, "in-2")).extracting(Event::type).containsExactly("user_message");

        session.submit("in-3", "editor", new Input.Rename("while busy"));
        assertThat(Await.answer(session, "in-3"))
                .extracting(Event::body)
                .containsExactly(new EventBody.Title("while busy", "rename"));
        session.submit("in-4", "editor", new Input.Interrupt());

        assertThat(toolResult(Await.workDone(session, "in-2")).output()).isEqualTo("second\n");
        List<String> order = session.eventsAfter(0).stream()
                .map(event -> event.inputId() + ":" + event.type())
                .toList();
        assertThat(order).containsSubsequence("in-1:tool_result", "in-1:status", "in-2:status", "in-2:tool_call");
    }

    @Test
    void anEmptyCommandIsAnError() {
        start(SessionSettings.defaults()).submit("in-1", "editor", new Input.Message("!  "));

        assertThat(Await.answer(session, "in-1")).extracting(Event::type).containsExactly("user_message", "error");
    }

    @Test
    void closeStopsRunningWorkAndRecordsItsEnd() {
        start(SessionSettings.defaults());
        ProcessHandle sleeper = startSleeper("in-1");

        long started = System.nanoTime();
        session.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        List<Event> events = Await.stamped(session, "in-1");
        assertThat(events).extracting(Event::type).endsWith("tool_result", "status");
        assertThat(toolResult(events).output()).isEqualTo("[stopped: the session closed]");
        Await.until("the sleep to die", () -> !sleeper.isAlive());
    }

    /** Runs a shell that waits on a child, so stopping only the shell would leave the sleep running. */
    private ProcessHandle startSleeper(String inputId) {
        Path pidFile = workspace.resolve("pid");
        session.submit(inputId, "editor", new Input.Message("!sleep 30 & echo $! > pid.tmp; mv pid.tmp pid; wait"));
        Await.until("the command to start its child", () -> Files.exists(pidFile));
        return ProcessHandle.of(readPid(pidFile)).orElseThrow();
    }

    private static EventBody.ToolResult toolResult(List<Event> events) {
        return events.stream()
                .map(Event::body)
                .filter(EventBody.ToolResult.class::isInstance)
                .map(EventBody.ToolResult.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
