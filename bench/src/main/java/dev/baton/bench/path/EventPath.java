package dev.baton.bench.path;

import dev.baton.bench.fleet.EventPipe;
import dev.baton.bench.fleet.Opaque;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.frame.EventsFrameText;
import dev.baton.protocol.frame.Frames.Ack;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Hello;
import dev.baton.relay.RelayConfig;
import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.work.LocalWorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The relay's own work for one committed event, without sockets and without a file: a host's {@code events}
 * frame read as the host stream reads it, then handed to the hub, which checks its seq, fans it out to the
 * session's device (encoding the device's frame once), appends it to the session's tail and acknowledges
 * it. The store is the embedded one in memory: on disk its batched commit runs on a thread of its own,
 * whose cost per event depends on how many events each commit gathers, so a single writer measures that
 * feedback rather than the code. The baseline reads the same frame and does nothing else. Sessions take
 * turns, one event each, as many hosts sending at once would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventPath {
    /** A seq no real frame reaches, marking where each frame's own seq goes in the text. */
    private static final long SEQ_MARK = 987_654_321_987L;

    @Param("1000")
    public int sessions;

    private EmbeddedStore store;
    private Hub hub;
    private StreamCounter[] hosts;
    private StreamCounter[] devices;
    private long[] lastSeq;
    private int turn;
    private String beforeSeq;
    private String afterSeq;

    @Setup(Level.Trial)
    public void open() {
        RelayConfig relay = RelayConfig.defaults();
        store = EmbeddedStore.inMemory(relay.tailLimit());
        hub = new Hub(store, new LocalWorkQueue(), Clock.systemUTC(), relay.pingInterval(), relay.livenessTimeout());
        hosts = new StreamCounter[sessions];
        devices = new StreamCounter[sessions];
        lastSeq = new long[sessions];
        for (int i = 0; i < sessions; i++) {
            String sessionId = "ses_bench" + i;
            store.putSession(SessionRecord.create(sessionId, "acc_bench", null, "bench", Instant.now()));
            hosts[i] = new StreamCounter(sessionId, null);
            hub.opened(hosts[i]);
            hub.hello(hosts[i], new Hello(ProtocolVersion.CURRENT, "epoch-bench", 0, null, Opaque.key()));
            devices[i] = new StreamCounter(sessionId, "dev_bench" + i);
            hub.opened(devices[i]);
            hub.subscribe(devices[i], null);
        }
        String frame = Json.write(new EventsFrame(List.of(EventPipe.event(SEQ_MARK, Instant.now()))));
        String mark = "\"seq\":" + SEQ_MARK;
        int at = frame.indexOf(mark);
        beforeSeq = frame.substring(0, at) + "\"seq\":";
        afterSeq = frame.substring(at + mark.length());
    }

    /** The baseline: what reading the host's frame costs. */
    @Benchmark
    public List<EncodedEvent> readFrame() {
        return EventsFrameText.read(nextFrame());
    }

    /** The frame read, checked, fanned out, stored and acknowledged. */
    @Benchmark
    public Peer relay() {
        String frame = nextFrame();
        Peer host = hosts[turn];
        hub.events(host, EventsFrameText.read(frame));
        return host;
    }

    /** Each session's next frame in turn, with the seq that continues its tail. */
    private String nextFrame() {
        turn = turn + 1 == sessions ? 0 : turn + 1;
        return beforeSeq + ++lastSeq[turn] + afterSeq;
    }

    /** A measurement that lost events on the way would be a measurement of less work: refuse it. */
    @TearDown(Level.Trial)
    public void close(BenchmarkParams params) {
        try {
            boolean relayed = params.getBenchmark().endsWith(".relay");
            for (int i = 0; i < sessions; i++) {
                long expected = relayed ? lastSeq[i] : 0;
                if (devices[i].events() != expected || hosts[i].acked() != expected) {
                    throw new IllegalStateException("session " + i + ": its device got " + devices[i].events()
                            + " events and its host " + hosts[i].acked() + " acks, expected " + expected);
                }
            }
        } finally {
            store.close();
        }
    }

    /** A stream whose socket takes every frame at once: it counts a device's events and a host's acks. */
    private static final class StreamCounter implements Peer {
        private final String sessionId;
        private final String deviceId;
        private final AtomicLong events = new AtomicLong();
        private final AtomicLong acked = new AtomicLong();

        StreamCounter(String sessionId, String deviceId) {
            this.sessionId = sessionId;
            this.deviceId = deviceId;
        }

        long events() {
            return events.get();
        }

        long acked() {
            return acked.get();
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public String deviceId() {
            return deviceId;
        }

        @Override
        public void send(Object frame) {
            if (frame instanceof Ack) {
                acked.incrementAndGet();
            }
            Peer.super.send(frame);
        }

        @Override
        public void send(EncodedFrame frame) {
            events.addAndGet(frame.events());
        }

        @Override
        public void close(int code, String reason) {
            throw new IllegalStateException("the hub closed a stream: " + code + " " + reason);
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public long lastHeardNanos() {
            return System.nanoTime();
        }
    }
}
