package dev.baton.editor.jsonrpc;

import com.google.gson.JsonObject;
import dev.baton.protocol.editor.EditorApi.Devices;
import dev.baton.protocol.editor.EditorApi.Empty;
import dev.baton.protocol.editor.EditorApi.InitializeResult;
import dev.baton.protocol.editor.EditorApi.OpenSession;
import dev.baton.protocol.editor.EditorApi.RemoteControlStarted;
import dev.baton.protocol.editor.EditorApi.SendInput;
import dev.baton.protocol.editor.EditorApi.SessionList;
import dev.baton.protocol.editor.EditorApi.SessionOpened;
import dev.baton.protocol.editor.EditorApi.StartRemoteControl;
import dev.baton.protocol.editor.EditorApi.StopRemoteControl;
import dev.baton.protocol.editor.EditorApi.WorkspaceTrustGranted;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/** What the editor may call on {@code baton lsp}: the LSP lifecycle and the {@code baton/*} requests. */
public interface BatonBackend {
    /** The editor's LSP capabilities are not used; any params are accepted. */
    @JsonRequest("initialize")
    CompletableFuture<InitializeResult> initialize(JsonObject params);

    @JsonNotification("initialized")
    void initialized(JsonObject params);

    @JsonRequest("shutdown")
    CompletableFuture<Object> shutdown();

    @JsonNotification("exit")
    void exit();

    @JsonRequest("baton/startRemoteControl")
    CompletableFuture<RemoteControlStarted> startRemoteControl(StartRemoteControl params);

    @JsonRequest("baton/stopRemoteControl")
    CompletableFuture<Empty> stopRemoteControl(StopRemoteControl params);

    @JsonRequest("baton/listSessions")
    CompletableFuture<SessionList> listSessions(Empty params);

    @JsonRequest("baton/openSession")
    CompletableFuture<SessionOpened> openSession(OpenSession params);

    @JsonRequest("baton/sendInput")
    CompletableFuture<Empty> sendInput(SendInput params);

    /** Extension: names for the device ids in events' {@code origin}; empty while Remote Control is off. */
    @JsonRequest("baton/devices")
    CompletableFuture<Devices> devices(Empty params);

    /** Extension: the editor's user trusted the workspace; sessions opened from now on get its project layer. */
    @JsonNotification("baton/workspaceTrust")
    void workspaceTrust(WorkspaceTrustGranted params);
}
