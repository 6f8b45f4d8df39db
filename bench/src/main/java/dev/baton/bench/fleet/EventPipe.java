package dev.baton.bench.fleet;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One sender and one receiver of numbered events: a simulated host and its session's device (through
 * the relay), or an echo socket and itself. {@link #sendNext()} sends the next seq and completes with its
 * arrival time ({@link System#nanoTime()}) at the receiver.
 */
public final class EventPipe {
    /** About what an assistant's short answer weighs; the same bytes cross the relay and the echo. */
    private static final String TEXT =
            "The relay hop carries this committed event from the host to every device" + " that follows the session.";
    /** The answer sealed once: sealing costs the host, not the relay hop this measures. */
    private static final String SEALED = Opaque.seal(Json.write(new EventBody.AssistantMessage("m", TEXT)));

    private final Consumer<List<SealedEvent>> sender;
    private final AtomicLong nextSeq;
    private final Map<Long, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();

    /** @param firstSeq the seq the sender's log continues with */
    public EventPipe(Consumer<List<SealedEvent>> sender, long firstSeq) {
        this.sender = sender;
        this.nextSeq = new AtomicLong(firstSeq);
    }

    /** Sends the next event. Calls must not overlap (one sender thread), so seqs leave in order. */
    public CompletableFuture<Long> sendNext() {
        long seq = nextSeq.getAndIncrement();
        CompletableFuture<Long> arrival = new CompletableFuture<>();
        pending.put(seq, arrival);
        sender.accept(List.of(event(seq, Instant.now())));
        return arrival;
    }

    /** The event every figure sends: an assistant's short answer, sealed, as a host commits it. */
    public static SealedEvent event(long seq, Instant ts) {
        return new SealedEvent(seq, ts, "assistant_message", null, "terminal", null, null, SEALED);
    }

    /** For the receiver's {@link EventSocket.Listener}. */
    public void arrived(long at, List<SealedEvent> events) {
        for (SealedEvent event : events) {
            CompletableFuture<Long> arrival = pending.remove(event.seq());
            if (arrival != null) {
                arrival.complete(at);
            }
        }
    }
}
