package dev.baton.server.tui;

import dev.baton.protocol.SessionNames;
import dev.baton.server.agent.loop.AgentSettings;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Logs;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionHolder;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionSettings;
import dev.baton.server.session.SessionStore;
import dev.baton.server.terminal.WhenText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code baton} alone: a conversation in the current directory, typed at the terminal, on the same session
 * engine as the editor and the phone; {@code --rc} also hosts it on Remote Control.
 */
public final class InteractiveSession {
    /**
     * What the command line asked for.
     *
     * @param remoteControl {@code --rc}: null for off, empty for on with no name
     * @param insecure {@code --insecure}: accept a plain http:// relay on another machine
     * @param sandbox where the conversation's shell commands and MCP servers run
     */
    public record Launch(
            boolean continueLatest,
            boolean resume,
            String remoteControl,
            String relayFlag,
            int port,
            boolean insecure,
            Sandbox sandbox) {}

    static final String RESUME_HINT = "Resume this conversation with: baton --continue (or baton -c)";

    private InteractiveSession() {}

    /** Runs until the user leaves; the exit code. */
    public static int run(Map<String, String> env, Launch launch, PrintWriter out, PrintWriter err) throws IOException {
        BatonHome home = BatonHome.fromEnvironment(env);
        Logs.keepIn(home);
        Logs.quietConsole();
        Path directory = Path.of("").toAbsolutePath();
        try (Console console = openConsole(home, out);
                TerminalRemoteControl remote = new TerminalRemoteControl(
                        env, home, launch.relayFlag(), launch.port(), launch.insecure(), console::print)) {
            SessionStore store = new SessionStore(
                    home.sessions(),
                    SessionSettings.defaults()
                            .withAgent(
                                    AgentSettings.configured(home.root(), env).withSandbox(launch.sandbox()))
                            .withRemoteControl(remote)
                            .withHolder(SessionHolder.Kind.INTERACTIVE));
            Optional<Session> chosen = choose(store, directory, launch, console);
            if (chosen.isEmpty()) {
                err.println("baton: "
                        + (launch.resume()
                                ? "no session chosen"
                                : "no session to continue in " + directory + "; start one with baton"));
                err.flush();
                return 1;
            }
            try (Session session = chosen.get()) {
                console.print("Baton · " + directory + " · session " + session.id());
                console.print("Type a message, !command or /help. Ctrl-C interrupts, Ctrl-D exits.");
                RemoteControlSetting setting = new RemoteControlSetting(home.configFile());
                String remoteName =
                        launch.remoteControl() != null ? launch.remoteControl() : setting.enabled() ? "" : null;
                if (remoteName != null) {
                    remote.name(remoteName);
                    remote.start(session); // which shows the URL and its QR code here
                    session.remoteControlStarted(remoteName);
                }
                ConversationLoop loop = new ConversationLoop(
                        session, console, setting, new DeviceNames(remote::devices), remote::active, System::nanoTime);
                try (Session.Subscription feed = session.subscribe(0, loop)) {
                    loop.run();
                }
            }
            remote.close(); // now, so that its "Remote Control: off" comes before the hint, the last word
            console.print(RESUME_HINT);
            return 0;
        }
    }

    private static Console openConsole(BatonHome home, PrintWriter out) throws IOException {
        if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
            return new PlainConsole(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        }
        // dumb(false): rather plain lines than JLine's dumb terminal, which would echo escapes into a pipe.
        Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        return LineEditorConsole.open(terminal, home.root().resolve("history"));
    }

    private static Optional<Session> choose(SessionStore store, Path directory, Launch launch, Console console) {
        if (launch.continueLatest()) {
            return store.latestIn(directory).flatMap(info -> store.open(info.id()));
        }
        if (launch.resume()) {
            List<SessionInfo> here = store.list().stream()
                    .filter(info -> info.directory().equals(directory.normalize()))
                    .toList();
            if (here.isEmpty()) {
                return Optional.empty();
            }
            for (int i = 0; i < here.size(); i++) {
                SessionInfo info = here.get(i);
                console.print("  " + (i + 1) + ". " + SessionNames.displayName(info.id(), info.title()) + "  "
                        + WhenText.of(info.lastActivity(), Clock.systemDefaultZone()) + "  " + info.id());
            }
            return pick(console, here.size())
                    .flatMap(index -> store.open(here.get(index).id()));
        }
        return Optional.of(store.create(null, directory));
    }

    private static Optional<Integer> pick(Console console, int count) {
        while (true) {
            if (!(console.read("Resume which session? [1-" + count + "] ") instanceof Console.Line line)) {
                return Optional.empty();
            }
            try {
                int number = Integer.parseInt(line.text().strip());
                if (number >= 1 && number <= count) {
                    return Optional.of(number - 1);
                }
            } catch (NumberFormatException notANumber) {
                // asked again below
            }
            console.print("Type a number from 1 to " + count + ", or Ctrl-D to give up.");
        }
    }
}
