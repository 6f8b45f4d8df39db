package dev.baton.relay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.relay.store.RelayStore;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot be reached (Redis down) makes the relay unready. No such store exists in this
 * module, so the test stands one in that answers only {@code reachable()}.
 */
class ReadinessTest {

    @Test
    void anUnreachableStoreMakesTheRelayUnready() {
        assertThat(new Readiness(store(false)).notReadyBecause()).isEqualTo("the relay's store cannot be reached");
        assertThat(new Readiness(store(true)).notReadyBecause()).isNull();
    }

    @Test
    void aStoreThatFailsToAnswerCountsAsUnreachable() {
        RelayStore failing = (RelayStore) Proxy.newProxyInstance(
                RelayStore.class.getClassLoader(), new Class<?>[] {RelayStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("connection refused");
                });
        assertThat(new Readiness(failing).notReadyBecause()).isEqualTo("the relay's store cannot be reached");
    }

    @Test
    void drainingWinsOverAReachableStore() {
        Readiness readiness = new Readiness(store(true));
        readiness.drain();
        assertThat(readiness.notReadyBecause()).isEqualTo("the relay is shutting down");
    }

    private static RelayStore store(boolean reachable) {
        return (RelayStore) Proxy.newProxyInstance(
                RelayStore.class.getClassLoader(), new Class<?>[] {RelayStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("reachable")) {
                        return reachable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
