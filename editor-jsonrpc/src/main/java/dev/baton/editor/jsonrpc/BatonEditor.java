package dev.baton.editor.jsonrpc;

import dev.baton.protocol.editor.EditorApi.ConnectionStatus;
import dev.baton.protocol.editor.EditorApi.Delta;
import dev.baton.protocol.editor.EditorApi.SessionEvent;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;

/** Notifications the backend sends to the editor. */
public interface BatonEditor {
    @JsonNotification("baton/connectionStatus")
    void connectionStatus(ConnectionStatus status);

    @JsonNotification("baton/sessionEvent")
    void sessionEvent(SessionEvent event);

    @JsonNotification("baton/delta")
    void delta(Delta delta);
}
