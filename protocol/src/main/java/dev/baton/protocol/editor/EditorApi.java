package dev.baton.protocol.editor;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Nullable;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.relay.RelayApi.SessionSummary;
import java.util.List;
import java.util.Map;

/** Params and results of the editor ⇄ backend JSON-RPC methods. */
public final class EditorApi {
    private EditorApi() {}

    /** {@code {}}: the params or result of a method that carries nothing. */
    public record Empty() {}

    public record InitializeResult(Map<String, Object> capabilities, ServerInfo serverInfo) {}

    public record ServerInfo(String name, String version) {}

    public record StartRemoteControl(@Nullable String name, @Nullable String sessionId) {}

    /**
     * @param qrText the URL as a QR code drawn with block characters, for terminals
     * @param qrSvg the same QR code as a standalone SVG document, for webviews
     */
    public record RemoteControlStarted(String sessionId, String url, String qrText, String qrSvg) {}

    public record StopRemoteControl(@Nullable String sessionId) {}

    /**
     * Extension: {@code baton/workspaceTrust}, sent when the editor's user trusts the workspace after
     * {@code initialize} said it was not ({@code initializationOptions.workspaceTrusted: false}).
     */
    public record WorkspaceTrustGranted(Boolean trusted) {}

    public record SessionList(List<SessionSummary> sessions) {}

    /**
     * @param sessionId the session to open; without it a new one, unless {@code resume}
     * @param resume (extension) without {@code sessionId}: the workspace folder's most recently active
     *     session, else a new one; what an editor asks for when a window reopens
     */
    public record OpenSession(@Nullable String sessionId, @Nullable Boolean resume) {
        public OpenSession(String sessionId) {
            this(sessionId, null);
        }
    }

    /** Extension: {@code baton/devices}, the devices that may appear as an event's {@code origin}. */
    public record Devices(List<Device> devices) {}

    public record Device(String id, String name) {}

    public record SessionOpened(String sessionId, Cursor cursor, Snapshot snapshot, List<Event> events) {}

    public record SendInput(String sessionId, String inputId, Input input) {}

    /**
     * @param reason extension: why Remote Control is off ({@code offline_limit}) or cannot reconnect ({@code
     *     port_taken}), when the backend knows; else null
     */
    public record ConnectionStatus(
            ConnectionState state, @Nullable String url, @Nullable String detail, @Nullable ConnectionReason reason) {
        public ConnectionStatus(ConnectionState state, String url, String detail) {
            this(state, url, detail, null);
        }
    }

    public record SessionEvent(String sessionId, Event event) {}

    public record Delta(String sessionId, String messageId, String text) {}
}
