package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.trust.WorkspaceTrust;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton untrust [DIR]}: forget the decision for a folder, so its project files are off again. */
@Command(
        name = "untrust",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Forget the trust decision for a folder: its project settings and MCP servers are off until"
                + " it is trusted again.")
final class UntrustCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The folder (default: the current directory).")
    Path directory;

    private final Map<String, String> env;

    UntrustCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Path folder = directory == null ? Path.of("").toAbsolutePath() : directory.toAbsolutePath();
        boolean forgotten = WorkspaceTrust.in(BatonHome.fromEnvironment(env)).forget(folder);
        PrintWriter out = spec.commandLine().getOut();
        out.println(forgotten ? "No longer trusted: " + folder : "There was no decision for " + folder);
        out.flush();
        return 0;
    }
}
