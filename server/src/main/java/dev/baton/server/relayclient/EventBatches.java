package dev.baton.server.relayclient;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.SealedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits events into {@code events} frames that each stay under a byte budget. */
final class EventBatches {
    /** Room for {@code {"type":"events","events":[…]}} around the events and the commas between them. */
    private static final int FRAME_OVERHEAD = 64;

    private EventBatches() {}

    /**
     * Consecutive runs of {@code events} in order. An event larger than the budget travels alone (the
     * relay then says {@code too_large}; splitting one event is not possible).
     */
    static List<List<SealedEvent>> split(List<SealedEvent> events, int maxFrameBytes) {
        List<List<SealedEvent>> batches = new ArrayList<>();
        List<SealedEvent> batch = new ArrayList<>();
        int bytes = FRAME_OVERHEAD;
        for (SealedEvent event : events) {
            int size = Json.write(event).getBytes(StandardCharsets.UTF_8).length + 1;
            if (!batch.isEmpty() && bytes + size > maxFrameBytes) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = FRAME_OVERHEAD;
            }
            batch.add(event);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
