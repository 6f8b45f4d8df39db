package dev.baton.relay.hub.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.frame.Frames.Ping;
import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.work.LocalWorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Hub hub =
            new Hub(mock(RelayStore.class), new LocalWorkQueue(), Clock.systemUTC(), Duration.ofSeconds(10), TIMEOUT);
    private final AtomicLong now = new AtomicLong(TIMEOUT.toNanos() * 10);
    private final Liveness liveness = new Liveness(hub, TIMEOUT, now::get);

    @Test
    void onlyAStreamSilentPastTheTimeoutIsClosed() {
        Peer silent = heardAt(now.get() - TIMEOUT.toNanos() - 1);
        Peer recent = heardAt(now.get() - TIMEOUT.toNanos());
        hub.opened(silent);
        hub.opened(recent);

        liveness.closeSilent();

        verify(silent).close(1001, "silent for 30 s");
        verify(recent, never()).close(anyInt(), any());
        assertThat(hub.peers()).containsExactly(recent);
    }

    @Test
    void everyStreamIsPinged() {
        Peer first = heardAt(0);
        Peer second = heardAt(0);
        hub.opened(first);
        hub.opened(second);

        liveness.pingAll();

        verify(first).send(EncodedFrame.of(new Ping()));
        verify(second).send(EncodedFrame.of(new Ping()));
    }

    private static Peer heardAt(long nanos) {
        Peer peer = mock(Peer.class);
        when(peer.lastHeardNanos()).thenReturn(nanos);
        when(peer.sessionId()).thenReturn("ses_1");
        return peer;
    }
}
