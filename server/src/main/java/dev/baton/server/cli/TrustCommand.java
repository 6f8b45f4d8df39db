package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.trust.ProjectSummary;
import dev.baton.server.trust.WorkspaceTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton trust [DIR]} and {@code baton trust --list}: the user's trust decisions, from a terminal or a script. */
@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = {
            "Trust a folder's project files as they are now: its .mcp.json servers may start and its"
                    + " .baton/settings.json (allow rules, model, endpoint, provider) applies.",
            "A later change to either file needs trusting again. Scripts and CI trust a folder ahead with this."
        })
final class TrustCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The folder (default: the current directory).")
    Path directory;

    @Option(names = "--list", description = "List the folders with a decision instead.")
    boolean list;

    private final Map<String, String> env;

    TrustCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        BatonHome home = BatonHome.fromEnvironment(env)
                .secure(notice -> spec.commandLine().getErr().println("baton: " + notice));
        WorkspaceTrust trust = WorkspaceTrust.in(home);
        if (list) {
            var decisions = trust.list();
            decisions.forEach(
                    (folder, decision) -> out.println(decision.decision() + "\t" + decision.at() + "\t" + folder));
            out.flush();
            if (decisions.isEmpty()) {
                // On stderr: the list itself stays empty for a script that reads it.
                spec.commandLine().getErr().println("baton: no folder has a trust decision yet");
            }
            return 0;
        }
        Path folder = trust.trust(directory == null ? Path.of("").toAbsolutePath() : directory.toAbsolutePath());
        out.println("Trusted " + folder);
        ProjectSummary.lines(folder).forEach(out::println);
        out.flush();
        return 0;
    }
}
