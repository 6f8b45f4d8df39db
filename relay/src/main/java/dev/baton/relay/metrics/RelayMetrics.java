package dev.baton.relay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's meters, each registered once here so the paths that count (every event, every request)
 * only bump a field. No meter carries a session id, a user or a path as a label: a public relay's
 * metrics must say nothing about who uses it, and a label per session would grow without bound.
 */
public final class RelayMetrics {
    /** Bucket bounds of the hop histogram: a relay hop is sub-millisecond when healthy, seconds when not. */
    private static final Duration[] HOP_BUCKETS = {
        Duration.ofNanos(250_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger hostSockets = new AtomicInteger();
    private final AtomicInteger deviceSockets = new AtomicInteger();
    /** Open host streams per session: a takeover briefly holds two for one session, which is still one. */
    private final Map<String, Integer> hostedSessions = new ConcurrentHashMap<>();

    private final Counter eventsDelivered;
    private final Timer hop;
    /** Indexed by status / 100, 1xx to 5xx. */
    private final Counter[] requests = new Counter[6];

    public RelayMetrics() {
        Gauge.builder("baton.relay.host.sockets", hostSockets, AtomicInteger::get)
                .description("Open host (backend) WebSocket streams")
                .register(registry);
        Gauge.builder("baton.relay.device.sockets", deviceSockets, AtomicInteger::get)
                .description("Open device (browser, phone) WebSocket streams")
                .register(registry);
        Gauge.builder("baton.relay.sessions.hosted", hostedSessions, Map::size)
                .description("Sessions with a live host stream on this node")
                .register(registry);
        eventsDelivered = Counter.builder("baton.relay.events.delivered")
                .description("Events written to device sockets (one per event per device)")
                .register(registry);
        hop = Timer.builder("baton.relay.hop")
                .description("From an events frame's arrival from the host to its write to a device socket")
                .serviceLevelObjectives(HOP_BUCKETS)
                .register(registry);
        for (int status = 1; status <= 5; status++) {
            requests[status] = Counter.builder("baton.relay.http.requests")
                    .description("HTTP requests answered, by status class (WebSocket upgrades are 1xx)")
                    .tag("status", status + "xx")
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A host or device stream was opened. */
    public void streamOpened(String sessionId, boolean host) {
        if (host) {
            hostSockets.incrementAndGet();
            hostedSessions.merge(sessionId, 1, Integer::sum);
        } else {
            deviceSockets.incrementAndGet();
        }
    }

    /** A stream opened with {@link #streamOpened} is gone. */
    public void streamClosed(String sessionId, boolean host) {
        if (host) {
            hostSockets.decrementAndGet();
            hostedSessions.computeIfPresent(sessionId, (id, open) -> open <= 1 ? null : open - 1);
        } else {
            deviceSockets.decrementAndGet();
        }
    }

    /**
     * {@code events} events reached one device's socket.
     *
     * @param arrivedNanos {@link System#nanoTime()} when the host's frame arrived, 0 when unknown
     */
    public void delivered(int events, long arrivedNanos) {
        eventsDelivered.increment(events);
        if (arrivedNanos != 0) {
            hop.record(System.nanoTime() - arrivedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** An HTTP answer went out with {@code status}. */
    public void answered(int status) {
        int type = status / 100;
        if (type >= 1 && type <= 5) {
            requests[type].increment();
        }
    }

    /** Every meter in the Prometheus text format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The content type {@link #scrape()} is served with. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }
}
