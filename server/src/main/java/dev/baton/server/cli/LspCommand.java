package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.editor.LspServer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code baton lsp}: the editor endpoint, JSON-RPC with LSP framing on stdin/stdout. */
@Command(
        name = "lsp",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Serve an editor over stdin/stdout (LSP base protocol). Nothing else is written to stdout.")
final class LspCommand implements Callable<Integer> {
    @Mixin
    RelayOptions relayOptions;

    @Mixin
    OfflineTimeoutOption offlineTimeout;

    @Mixin
    SandboxOption sandbox;

    private final Map<String, String> env;

    LspCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        // stderr: stdout carries protocol frames only.
        BatonHome.fromEnvironment(env).secure(notice -> System.err.println("baton: " + notice));
        // The editor's initializationOptions.offlineTimeout, when it sends one, overrides this flag.
        return LspServer.run(
                env,
                relayOptions.relay,
                relayOptions.port,
                relayOptions.insecure,
                offlineTimeout.value,
                ManifestVersion.version(),
                sandbox.resolve(BatonHome.fromEnvironment(env), env));
    }
}
