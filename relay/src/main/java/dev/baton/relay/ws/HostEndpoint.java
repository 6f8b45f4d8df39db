package dev.baton.relay.ws;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.frame.EventsFrameText;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.HostToRelay;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.metrics.RelayMetrics;
import java.util.List;

/** {@code /v1/sessions/{id}/host}: a backend streaming its session. */
public final class HostEndpoint extends StreamEndpoint {

    public HostEndpoint(Hub hub, String sessionId, StreamLimits limits, RelayMetrics metrics, Runnable onClosed) {
        super(hub, sessionId, limits, metrics, onClosed);
    }

    @Override
    public String deviceId() {
        return null;
    }

    @Override
    protected void onFrame(String text) {
        // The frame a host sends most is read in one pass; any other frame, or one in another form, as usual.
        List<EncodedEvent> plain = EventsFrameText.read(text);
        if (plain != null) {
            fanOut(lastHeardNanos(), () -> hub.events(this, plain));
            return;
        }
        switch (Json.decode(text, HostToRelay.class)) {
            case Frames.Hello hello -> hub.hello(this, hello);
            case Frames.EventsFrame events -> fanOut(
                    lastHeardNanos(), () -> hub.events(this, EncodedEvent.allOf(events.events())));
            case Frames.SnapshotFrame snapshot -> hub.snapshot(this, snapshot.snapshot());
            case Frames.DeltaFrame delta -> hub.delta(this, delta);
            case Frames.KeyFrame key -> hub.key(this, key.key());
            case Frames.Ping ping -> send(new Frames.Pong());
            case Frames.Pong pong -> {} // hearing it is all that matters
        }
    }
}
