package dev.baton.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing an account's sessions and devices goes through the per-account index. */
class AccountIndexTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void anAccountSeesOnlyItsOwnSessionsAndDevices() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(10)) {
            store.putSession(SessionRecord.create("s-ada-1", "acc_ada", "env_1", "one", NOW));
            store.putSession(SessionRecord.create("s-bob-1", "acc_bob", "env_2", "two", NOW));
            store.putSession(SessionRecord.create("s-ada-2", "acc_ada", "env_1", "three", NOW));
            // An account id that is a prefix of another must not see the other's records.
            store.putSession(SessionRecord.create("s-adam-1", "acc_adam", "env_3", "four", NOW));
            store.putDevice(new DeviceRecord("dev_phone", "acc_ada", "phone", NOW, NOW));
            store.putDevice(new DeviceRecord("dev_tablet", "acc_bob", "tablet", NOW, NOW));

            assertThat(store.sessionsOf("acc_ada"))
                    .extracting(SessionRecord::id)
                    .containsOnly("s-ada-1", "s-ada-2");
            assertThat(store.sessionsOf("acc_nobody")).isEmpty();
            assertThat(store.devicesOf("acc_ada")).extracting(DeviceRecord::id).containsExactly("dev_phone");

            store.putDevice(new DeviceRecord("dev_phone", "acc_ada", "phone", NOW, NOW.plusSeconds(90)));
            assertThat(store.devicesOf("acc_ada"))
                    .extracting(DeviceRecord::lastSeen)
                    .containsExactly(NOW.plusSeconds(90));

            store.deleteDevice("dev_phone");
            assertThat(store.devicesOf("acc_ada")).isEmpty();
            assertThat(store.devicesOf("acc_bob")).extracting(DeviceRecord::id).containsExactly("dev_tablet");
        }
    }

    @Test
    void aDataDirectoryWrittenBeforeTheIndexGetsOneOnOpen() {
        try (EmbeddedStore store = EmbeddedStore.open(dataDir, 10)) {
            store.putSession(SessionRecord.create("s-ada-1", "acc_ada", "env_1", "one", NOW));
            store.putDevice(new DeviceRecord("dev_phone", "acc_ada", "phone", NOW, NOW));
        }
        MVStore raw = new MVStore.Builder()
                .fileName(dataDir.resolve(EmbeddedStore.FILE_NAME).toString())
                .open();
        raw.removeMap("sessionsByAccount");
        raw.removeMap("devicesByAccount");
        raw.close();

        try (EmbeddedStore store = EmbeddedStore.open(dataDir, 10)) {
            assertThat(store.sessionsOf("acc_ada"))
                    .extracting(SessionRecord::id)
                    .containsExactly("s-ada-1");
            assertThat(store.devicesOf("acc_ada")).extracting(DeviceRecord::id).containsExactly("dev_phone");
        }
    }
}
