package dev.baton.server.editor;

import com.google.gson.JsonObject;
import dev.baton.editor.jsonrpc.BatonBackend;
import dev.baton.editor.jsonrpc.BatonEditor;
import dev.baton.protocol.editor.EditorApi.Devices;
import dev.baton.protocol.editor.EditorApi.Empty;
import dev.baton.protocol.editor.EditorApi.InitializeResult;
import dev.baton.protocol.editor.EditorApi.OpenSession;
import dev.baton.protocol.editor.EditorApi.RemoteControlStarted;
import dev.baton.protocol.editor.EditorApi.SendInput;
import dev.baton.protocol.editor.EditorApi.ServerInfo;
import dev.baton.protocol.editor.EditorApi.SessionList;
import dev.baton.protocol.editor.EditorApi.SessionOpened;
import dev.baton.protocol.editor.EditorApi.StartRemoteControl;
import dev.baton.protocol.editor.EditorApi.StopRemoteControl;
import dev.baton.protocol.editor.EditorApi.WorkspaceTrustGranted;
import dev.baton.server.agent.loop.AgentSettings;
import dev.baton.server.config.BatonHome;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionHolder;
import dev.baton.server.session.SessionSettings;
import dev.baton.server.session.SessionStore;
import dev.baton.server.trust.WorkspaceTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's answers to the editor's JSON-RPC requests. Requests run one at a time, in arrival order,
 * off LSP4J's reader thread (registering with a relay takes a round trip or two).
 */
final class BatonBackendService implements BatonBackend {
    private static final Logger log = LoggerFactory.getLogger(BatonBackendService.class);
    static final String EDITOR_ORIGIN = "editor";
    /** Device names are a nicety: past this the editor gets none rather than a panel that waits. */
    static final Duration DEVICES_TIMEOUT = Duration.ofSeconds(3);

    private final ExecutorService requests = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("editor-requests").daemon().factory());
    /** Device lookups wait on the relay; they run beside the request queue so they never hold it up. */
    private final ExecutorService lookups = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("device-names-", 0).factory());

    private final EditorNotifier notifier = new EditorNotifier();
    private final EditorSessions sessions;
    private final EditorRemoteControl remote;
    private final EditorTrust trust;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final String version;
    private volatile Path workspace;
    /** The {@code shutdown} request's work, once it has arrived. */
    private volatile CompletableFuture<Object> shutdown;

    private volatile String shutdownRequestId;
    private final CompletableFuture<Void> shutdownAnswered = new CompletableFuture<>();

    /** @param offlineTimeout {@code --offline-timeout}, or null for config.json and the default */
    BatonBackendService(
            Map<String, String> env,
            String relayFlag,
            int port,
            boolean insecure,
            Duration offlineTimeout,
            Path directory,
            String version,
            Sandbox sandbox) {
        BatonHome home = BatonHome.fromEnvironment(env);
        this.remote = new EditorRemoteControl(env, home, relayFlag, port, insecure, offlineTimeout, notifier);
        this.trust = new EditorTrust(WorkspaceTrust.in(home));
        this.sessions = new EditorSessions(
                new SessionStore(
                        home.sessions(),
                        SessionSettings.defaults()
                                .withAgent(AgentSettings.configured(home.root(), env)
                                        .withTrust(trust)
                                        .withSandbox(sandbox))
                                .withRemoteControl(remote)
                                .withHolder(SessionHolder.Kind.LSP)),
                notifier);
        this.workspace = directory;
        this.version = version;
    }

    void connect(BatonEditor editor) {
        notifier.connect(editor);
    }

    /** Completes with the process exit code: 0 after {@code shutdown} then {@code exit}, else 1. */
    CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** The editor went away without {@code exit} (stdin closed). */
    void disconnected() {
        finish();
    }

    /** The editor's {@code shutdown} request arrived with this id; exit waits for its answer to be written. */
    void shutdownRequested(String requestId) {
        shutdownRequestId = requestId;
    }

    /** An answer is on its way to the editor (written and flushed). */
    void responseSent(String requestId, Object result) {
        if (requestId != null && requestId.equals(shutdownRequestId)) {
            shutdownAnswered.complete(null);
        }
        sessions.responseSent(result);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(JsonObject params) {
        return call(() -> {
            workspace = WorkspaceRoot.from(params, workspace);
            InitializationOptions.offlineTimeout(params).ifPresent(remote::offlineTimeout);
            trust.initialize(
                    workspace, InitializationOptions.workspaceTrusted(params).orElse(null));
            log.info("Editor connected; new sessions work in {}", workspace);
            return new InitializeResult(Map.of(), new ServerInfo("baton", version));
        });
    }

    @Override
    public void initialized(JsonObject params) {}

    @Override
    public CompletableFuture<Object> shutdown() {
        CompletableFuture<Object> stopped = call(() -> {
            stopEverything();
            return null;
        });
        // Noted as it arrives, not once its work is done: an editor may send exit right behind it.
        shutdown = stopped;
        return stopped;
    }

    @Override
    public void exit() {
        finish();
    }

    /**
     * 0 once a {@code shutdown} that arrived before has done its work and its answer is written (the
     * process must not end with the answer still unwritten), else 1 at once. An editor that stopped reading
     * is not waited for beyond a few seconds.
     */
    private void finish() {
        CompletableFuture<Object> stopped = shutdown;
        if (stopped == null) {
            exitCode.complete(1);
        } else {
            stopped.handle((ignored, failure) -> null)
                    .thenCompose(done -> shutdownAnswered.completeOnTimeout(null, 5, TimeUnit.SECONDS))
                    .whenComplete((ignored, failure) -> exitCode.complete(0));
        }
    }

    @Override
    public CompletableFuture<RemoteControlStarted> startRemoteControl(StartRemoteControl params) {
        return call(() -> {
            String name = params == null ? null : params.name();
            String sessionId = params == null ? null : params.sessionId();
            Session session;
            if (sessionId != null) {
                session = sessions.open(sessionId);
            } else if (name != null) {
                session = sessions.resumeOrCreate(name, workspace);
            } else {
                session = sessions.continueLatestOrCreate(workspace);
            }
            RemoteControlStarted started = remote.start(session, name);
            session.remoteControlStarted(name);
            return started;
        });
    }

    @Override
    public CompletableFuture<Empty> stopRemoteControl(StopRemoteControl params) {
        return call(() -> {
            remote.stop(params == null ? null : params.sessionId());
            return new Empty();
        });
    }

    @Override
    public CompletableFuture<SessionList> listSessions(Empty params) {
        return call(() -> new SessionList(sessions.list(remote::online)));
    }

    @Override
    public CompletableFuture<SessionOpened> openSession(OpenSession params) {
        return call(() -> {
            String sessionId = params == null ? null : params.sessionId();
            boolean resume = params != null && Boolean.TRUE.equals(params.resume());
            Session session;
            if (sessionId != null) {
                session = sessions.open(sessionId);
            } else if (resume) {
                session = sessions.continueLatestOrCreate(workspace);
            } else {
                session = sessions.resumeOrCreate(null, workspace);
            }
            return sessions.view(session);
        });
    }

    @Override
    public CompletableFuture<Empty> sendInput(SendInput params) {
        return call(() -> {
            if (params == null || params.sessionId() == null || params.inputId() == null || params.input() == null) {
                throw ResponseErrors.invalidParams("sendInput needs sessionId, inputId and input");
            }
            sessions.open(params.sessionId()).submit(params.inputId(), EDITOR_ORIGIN, params.input());
            return new Empty();
        });
    }

    @Override
    public CompletableFuture<Devices> devices(Empty params) {
        return CompletableFuture.supplyAsync(() -> new Devices(remote.devices(DEVICES_TIMEOUT)), lookups)
                .completeOnTimeout(new Devices(List.of()), DEVICES_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void workspaceTrust(WorkspaceTrustGranted params) {
        if (params != null && Boolean.TRUE.equals(params.trusted())) {
            trust.granted(); // trust is only ever granted this way: VS Code cannot revoke it without a restart
            log.info("The editor's user trusted {}", workspace);
        }
    }

    /** Stops hosting, ends the feeds, closes the sessions and the embedded relay. Idempotent. */
    void stopEverything() {
        remote.close();
        sessions.close();
    }

    /** Flushes the notifications still queued and stops the request thread. */
    void close() throws InterruptedException {
        requests.shutdownNow();
        lookups.shutdownNow();
        notifier.close();
    }

    private interface Handler<T> {
        T handle() throws Exception;
    }

    private <T> CompletableFuture<T> call(Handler<T> handler) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return handler.handle();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                requests);
    }
}
