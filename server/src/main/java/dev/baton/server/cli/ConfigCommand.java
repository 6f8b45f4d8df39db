package dev.baton.server.cli;

import dev.baton.server.agent.config.ConfigException;
import dev.baton.server.agent.config.ConfigReport;
import dev.baton.server.agent.config.ModelConfigLoader;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.sandbox.SandboxSettings;
import dev.baton.server.trust.ProjectFiles;
import dev.baton.server.trust.TrustStatus;
import dev.baton.server.trust.WorkspaceTrust;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton config}: the model configuration a session here would use, each value with its source. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Show the effective model configuration for this directory and where each value comes from"
                + " (API keys masked), whether the directory is trusted, and whether the sandbox is on.")
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    ConfigCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        BatonHome home = BatonHome.fromEnvironment(env);
        Path directory = Path.of("").toAbsolutePath();
        WorkspaceTrust trust = WorkspaceTrust.in(home);
        TrustStatus status = trust.status(directory);
        try {
            spec.commandLine()
                    .getOut()
                    .print(ConfigReport.render(ModelConfigLoader.load(
                            home.root(), new ProjectSettings(directory, status.trusted()), env)));
            spec.commandLine().getOut().println(sandboxLine(SandboxSettings.load(home.configFile())));
            spec.commandLine().getOut().println(TrustMessages.folderLine(status, ProjectFiles.any(directory)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** What remote-control and lsp do about the sandbox when no flag says otherwise. */
    static String sandboxLine(SandboxSettings settings) {
        String state = Boolean.TRUE.equals(settings.enabled())
                ? "Sandbox: on (sandbox.enabled in config.json; --no-sandbox turns it off)"
                : "Sandbox: off (--sandbox, or sandbox.enabled in config.json, turns it on)";
        List<String> hosts = settings.allowedDomains().entries();
        return state + "; its network: "
                + (hosts.isEmpty()
                        ? "none (sandbox.network.allowedDomains names hosts to reach through a proxy)"
                        : String.join(", ", hosts) + " through a proxy (sandbox.network.allowedDomains)");
    }
}
