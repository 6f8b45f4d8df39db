package dev.baton.server.editor;

import dev.baton.editor.jsonrpc.BatonEditor;
import dev.baton.editor.jsonrpc.JacksonTypeAdapterFactory;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Logs;
import dev.baton.server.sandbox.Sandbox;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code baton lsp}: serves one editor over stdin/stdout until it says {@code exit} or goes away. */
public final class LspServer {
    private static final Logger log = LoggerFactory.getLogger(LspServer.class);

    private LspServer() {}

    /**
     * Takes stdout for the protocol alone: the real stream goes to LSP4J and {@code System.out} is
     * pointed at stderr before anything else runs, so no library can put a stray byte between frames.
     *
     * @param insecure {@code --insecure}: accept a plain http:// relay on another machine
     * @param offlineTimeout {@code --offline-timeout}, or null for config.json and the default
     * @param sandbox where the sessions' shell commands and MCP servers run
     * @return the process exit code
     */
    public static int run(
            Map<String, String> env,
            String relayFlag,
            int port,
            boolean insecure,
            Duration offlineTimeout,
            String version,
            Sandbox sandbox)
            throws InterruptedException {
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        // The editor shows stderr in its output panel; the file keeps what scrolled away there.
        Logs.keepIn(BatonHome.fromEnvironment(env));
        return serve(
                System.in,
                protocolOut,
                new BatonBackendService(
                        env,
                        relayFlag,
                        port,
                        insecure,
                        offlineTimeout,
                        Path.of("").toAbsolutePath(),
                        version,
                        sandbox));
    }

    private static int serve(InputStream in, OutputStream out, BatonBackendService backend)
            throws InterruptedException {
        Launcher<BatonEditor> launcher = new Launcher.Builder<BatonEditor>()
                .setLocalService(backend)
                .setRemoteInterface(BatonEditor.class)
                .setInput(in)
                .setOutput(out)
                .setExceptionHandler(ResponseErrors::of)
                .configureGson(gson -> gson.registerTypeAdapterFactory(new JacksonTypeAdapterFactory()))
                .wrapMessages(next -> message -> {
                    // Noted before it is handled: its answer may be written before consume returns.
                    if (message instanceof RequestMessage request && "shutdown".equals(request.getMethod())) {
                        backend.shutdownRequested(request.getId());
                    }
                    next.consume(message);
                    if (message instanceof ResponseMessage response) {
                        backend.responseSent(response.getId(), response.getResult());
                    }
                })
                .create();
        backend.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        Thread.ofVirtual().name("editor-input-watch").start(() -> {
            try {
                listening.get();
            } catch (ExecutionException | InterruptedException e) {
                log.debug("Editor input ended: {}", e.toString());
            }
            backend.disconnected();
        });
        int code = backend.exitCode().join();
        backend.stopEverything();
        backend.close();
        return code;
    }
}
