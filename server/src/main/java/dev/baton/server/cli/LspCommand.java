package dev.baton.server.cli;

import dev.baton.server.editor.LspServer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton lsp}: the editor endpoint, JSON-RPC with LSP framing on stdin/stdout. */
@Command(
        name = "lsp",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Serve an editor over stdin/stdout (LSP base protocol). Nothing else is written to stdout.")
final class LspCommand implements Callable<Integer> {
    @Option(names = "--relay", paramLabel = "URL", description = "The relay for Remote Control (as remote-control).")
    String relay;

    @Option(
            names = "--port",
            defaultValue = "7420",
            description = "Port of the embedded relay (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    private final Map<String, String> env;

    LspCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        return LspServer.run(env, relay, port, ManifestVersion.version());
    }
}
