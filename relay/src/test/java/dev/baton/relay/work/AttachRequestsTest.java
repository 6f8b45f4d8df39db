package dev.baton.relay.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttachRequestsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final EmbeddedStore store = EmbeddedStore.inMemory(100);
    private final LocalWorkQueue work = new LocalWorkQueue();
    private final Set<String> online = new HashSet<>();
    private final AttachRequests attach = new AttachRequests(store, work, online::contains);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anEnvironmentHostingManySessionsIsAskedToAttach() throws InterruptedException {
        store.putEnvironment(environment(SpawnMode.SAME_DIR));

        assertThat(attach.request(SessionRecord.create("ses_1", "acc_1", "env_1", "T", NOW)))
                .isEmpty();

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

    @Test
    void anEnvironmentRunningAllItsCapacityAllowsIsNotAskedAndTheDeviceIsToldWhy() throws InterruptedException {
        store.putEnvironment(environment(SpawnMode.SAME_DIR));
        for (int i = 1; i <= 4; i++) {
            store.putSession(SessionRecord.create("ses_run" + i, "acc_1", "env_1", "T", NOW));
            online.add("ses_run" + i);
        }

        Optional<ProtocolException> refusal =
                attach.request(SessionRecord.create("ses_old", "acc_1", "env_1", "T", NOW));

        assertThat(refusal).hasValueSatisfying(why -> {
            assertThat(why.code()).isEqualTo(ErrorCode.CAPACITY_REACHED);
            assertThat(why.getMessage()).contains("already runs 4 of its 4 sessions", "--capacity");
        });
        assertThat(work.poll("env_1", Duration.ZERO)).isEmpty();

        online.remove("ses_run4");
        assertThat(attach.request(SessionRecord.create("ses_old", "acc_1", "env_1", "T", NOW)))
                .isEmpty();
        assertThat(work.poll("env_1", Duration.ZERO)).isPresent();
    }

    @Test
    void aSessionAlreadyAskedForHoldsItsPlaceWhenADeviceOpensItAgain() {
        store.putEnvironment(environment(SpawnMode.SAME_DIR));
        for (int i = 1; i <= 3; i++) {
            store.putSession(SessionRecord.create("ses_run" + i, "acc_1", "env_1", "T", NOW));
            online.add("ses_run" + i);
        }
        SessionRecord earlier = SessionRecord.create("ses_old", "acc_1", "env_1", "T", NOW);

        assertThat(attach.request(earlier)).as("the fourth of four").isEmpty();
        assertThat(attach.request(earlier))
                .as("the same one, opened on a second device")
                .isEmpty();
        assertThat(attach.request(SessionRecord.create("ses_other", "acc_1", "env_1", "T", NOW)))
                .as("a fifth")
                .isPresent();
    }

    private static EnvironmentRecord environment(SpawnMode mode) {
        return new EnvironmentRecord("env_1", "acc_1", "laptop", "host", "/src", mode, 4, NOW);
    }
}
