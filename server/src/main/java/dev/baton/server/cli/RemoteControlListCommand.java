package dev.baton.server.cli;

import dev.baton.protocol.Json;
import dev.baton.protocol.SessionNames;
import dev.baton.server.config.BatonHome;
import dev.baton.server.servermode.Worktrees;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton rc list}: the sessions of this directory (or of every directory), and where their worktrees are. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the sessions of the current directory: title, state, last activity, worktree and branch.")
final class RemoteControlListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Every session on this machine, whatever its directory.")
    boolean all;

    @Option(names = "--json", description = "One JSON object per session, one per line.")
    boolean json;

    private final Map<String, String> env;

    RemoteControlListCommand(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param state {@code running} when a baton process hosts it now, else {@code stopped}
     * @param worktree the session's own worktree, or null when it works in {@code directory}
     */
    record Line(
            String id,
            String title,
            String state,
            Instant lastActivity,
            String directory,
            String worktree,
            String branch) {}

    @Override
    public Integer call() {
        BatonHome home = BatonHome.fromEnvironment(env);
        SessionStore store = new SessionStore(home.sessions());
        Path directory = Path.of("").toAbsolutePath();
        Path worktreesHome = home.root().resolve("worktrees");
        Optional<Worktrees> worktrees =
                Worktrees.checkoutOf(directory).map(checkout -> Worktrees.of(checkout, worktreesHome));
        List<Line> lines = store.list().stream()
                .filter(info -> all
                        || info.directory().equals(directory)
                        || worktrees.map(w -> w.owns(info.directory())).orElse(false))
                .map(info -> line(store, info, worktreesHome))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        for (Line line : lines) {
            out.println(json ? Json.write(line) : text(line));
        }
        if (lines.isEmpty() && !json) {
            out.println(
                    "No sessions in " + directory + (all ? " or anywhere else" : "; --all lists every directory's"));
        }
        out.flush();
        return 0;
    }

    private static Line line(SessionStore store, SessionInfo info, Path worktreesHome) {
        boolean inWorktree = info.directory().startsWith(worktreesHome);
        return new Line(
                info.id(),
                info.title(),
                store.isOpenElsewhere(info.id()) ? "running" : "stopped",
                info.lastActivity(),
                info.directory().toString(),
                inWorktree ? info.directory().toString() : null,
                inWorktree ? branchAt(info.directory()) : null);
    }

    private static String branchAt(Path worktree) {
        try (Git git = Git.open(worktree.toFile())) {
            return git.getRepository().getBranch();
        } catch (IOException gone) {
            return null;
        }
    }

    private static String text(Line line) {
        return line.id() + "  " + SessionNames.displayName(line.id(), line.title()) + "  " + line.state() + "  "
                + line.lastActivity() + "  "
                + (line.worktree() == null ? line.directory() : line.worktree() + " [" + line.branch() + "]");
    }
}
