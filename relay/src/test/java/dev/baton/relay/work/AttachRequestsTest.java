package dev.baton.relay.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttachRequestsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final EmbeddedStore store = EmbeddedStore.inMemory(100);
    private final LocalWorkQueue work = new LocalWorkQueue();
    private final AttachRequests attach = new AttachRequests(store, work);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anEnvironmentHostingManySessionsIsAskedToAttach() throws InterruptedException {
        store.putEnvironment(environment(SpawnMode.SAME_DIR));

        attach.request(SessionRecord.create("ses_1", "acc_1", "env_1", "T", NOW));

        assertThat(work.poll("env_1", Duration.ZERO)).hasValueSatisfying(pending -> {
            assertThat(pending.kind()).isEqualTo(WorkKind.ATTACH);
            assertThat(pending.sessionId()).isEqualTo("ses_1");
        });
    }

    @Test
    void aSingleSessionEnvironmentOrASessionWithoutOneIsNotAsked() throws InterruptedException {
        store.putEnvironment(environment(SpawnMode.SINGLE_SESSION));

        attach.request(SessionRecord.create("ses_1", "acc_1", "env_1", "T", NOW));
        attach.request(SessionRecord.create("ses_2", "acc_1", null, "T", NOW));

        assertThat(work.poll("env_1", Duration.ZERO)).isEmpty();
    }

    private static EnvironmentRecord environment(SpawnMode mode) {
        return new EnvironmentRecord("env_1", "acc_1", "laptop", "host", "/src", mode, 4, NOW);
    }
}
