package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.sandbox.SandboxProbe;
import dev.baton.server.sandbox.SandboxSettings;
import dev.baton.server.sandbox.SandboxUnavailableException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --sandbox} / {@code --no-sandbox}: shared by {@code remote-control} and {@code lsp}. */
final class SandboxOption {
    @Option(
            names = "--sandbox",
            negatable = true,
            description = "Run shell commands and MCP servers under bubblewrap: the system read-only, the project"
                    + " writable, a private /tmp, ~/.ssh, ~/.aws, ~/.config/gcloud and $BATON_HOME unreadable, no"
                    + " network but the hosts of sandbox.network.allowedDomains, through a proxy (default:"
                    + " sandbox.enabled in $BATON_HOME/config.json, else off).")
    Boolean value;

    /**
     * The flag, else {@code sandbox.enabled} in config.json, else off; when on, bubblewrap (and, with
     * allowed domains, socat) is tried now so that a missing or unusable one fails the command at once
     * rather than every shell command.
     */
    Sandbox resolve(BatonHome home, Map<String, String> env) {
        SandboxSettings settings = SandboxSettings.load(home.configFile());
        boolean on = value != null ? value : Boolean.TRUE.equals(settings.enabled());
        Sandbox sandbox = settings.sandbox(on, userHome(env), home.root());
        if (on) {
            try {
                SandboxProbe.check(sandbox.bwrap());
                if (sandbox.proxied()) {
                    SandboxProbe.checkForwarder(SandboxProbe.SOCAT);
                }
            } catch (SandboxUnavailableException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
        }
        return sandbox;
    }

    static Path userHome(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }
}
