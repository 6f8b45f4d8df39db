package dev.baton.server.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.SessionKey;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.seal.KeyDelivery;
import dev.baton.protocol.seal.P256;
import dev.baton.protocol.seal.Seal;
import dev.baton.protocol.seal.SessionSeal;
import dev.baton.server.config.BatonHome;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check and the rotation against the account's device list as a relay gives it (held in memory here;
 * the relay's part is ContentKeyDeliveryTest, the whole over sockets ContentKeyRotationE2ETest).
 */
class RevocationCheckTest {
    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

    @TempDir
    Path root;

    /** The relay's list and what was delivered to it; {@code refuse} makes the next upload fail. */
    private static final class Directory implements DeviceDirectory {
        final List<EnvironmentDevice> listed = new CopyOnWriteArrayList<>();
        final List<List<ContentKeyDelivery>> uploads = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public List<EnvironmentDevice> devices() {
            return List.copyOf(listed);
        }

        @Override
        public void deliver(List<ContentKeyDelivery> deliveries) throws IOException {
            if (refuse) {
                refuse = false;
                throw new IOException("the relay is away");
            }
            uploads.add(deliveries);
        }
    }

    private final KeyPair phoneKeys = P256.generate();

    @Test
    void aKnownDeviceGoneFromTheListRotatesTheKeyForTheDevicesWhoseKeysAreProved() throws Exception {
        BatonHome home = new BatonHome(root);
        Keyring keys = Keyring.open(home);
        ContentKey old = keys.contentKey();
        List<ContentKey> heard = new ArrayList<>();
        keys.onNewContentKey((previous, next) -> {
            assertThat(previous.kid()).isEqualTo(old.kid());
            heard.add(next);
        });
        Directory relay = new Directory();
        AgreementKey phoneKey = KeyDelivery.agreementKey(old.bytes(), "dev_phone", P256.encode(phoneKeys.getPublic()));
        AgreementKey movedKey = new AgreementKey(phoneKey.publicKey(), phoneKey.kid(), phoneKey.proof());
        relay.listed.addAll(List.of(
                device("dev_phone", phoneKey),
                device("dev_moved", movedKey), // the phone's key and proof, listed for another device by the relay
                device("dev_old", null),
                device("dev_lost", null)));
        RevocationCheck check = new RevocationCheck(keys, relay);

        check.run();
        assertThat(keys.contentKey().kid()).as("the first check only records").isEqualTo(old.kid());
        assertThat(Files.readString(root.resolve("keys/devices"))).contains("dev_lost");

        relay.listed.removeIf(device -> device.id().equals("dev_lost"));
        // Listed for the first time as the rotation runs: perhaps the revoked device's own, proved with the old key.
        KeyPair strangerKeys = P256.generate();
        relay.listed.add(device(
                "dev_stranger",
                KeyDelivery.agreementKey(old.bytes(), "dev_stranger", P256.encode(strangerKeys.getPublic()))));
        check.run();

        ContentKey next = keys.contentKey();
        assertThat(next.kid()).isNotEqualTo(old.kid());
        assertThat(Files.readAllBytes(home.contentKeyFile())).isEqualTo(next.bytes());
        assertThat(heard).containsExactly(next);
        assertThat(relay.uploads).hasSize(1);
        List<ContentKeyDelivery> delivered = relay.uploads.get(0);
        assertThat(delivered).extracting(ContentKeyDelivery::deviceId).containsExactly("dev_phone");
        assertThat(KeyDelivery.open(
                        old.bytes(),
                        phoneKeys.getPrivate(),
                        "dev_phone",
                        delivered.get(0).delivered()))
                .isEqualTo(next.bytes());
        for (Path file :
                List.of(home.contentKeyFile(), root.resolve("keys/devices"), root.resolve("keys/rotation.lock"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as("%s", file)
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(root.resolve("keys/devices")))
                .contains(next.kid(), "dev_phone", "dev_old", "dev_stranger")
                .doesNotContain("dev_lost");

        check.run();
        assertThat(keys.contentKey()).as("nothing more was revoked").isEqualTo(next);
        assertThat(relay.uploads).hasSize(1);
    }

    @Test
    void anUploadTheRelayRefusesLeavesTheKeyAsItWasAndTheNextCheckRotates() throws Exception {
        Keyring keys = Keyring.open(new BatonHome(root));
        String old = keys.contentKey().kid();
        Directory relay = new Directory();
        relay.listed.addAll(List.of(device("dev_phone", null), device("dev_lost", null)));
        RevocationCheck check = new RevocationCheck(keys, relay);
        check.run();
        relay.listed.removeIf(device -> device.id().equals("dev_lost"));

        relay.refuse = true;
        assertThatThrownBy(check::run).isInstanceOf(IOException.class).hasMessage("the relay is away");
        assertThat(Keyring.open(new BatonHome(root)).contentKey().kid()).isEqualTo(old);
        assertThat(keys.contentKey().kid()).isEqualTo(old);

        check.run();
        assertThat(Keyring.open(new BatonHome(root)).contentKey().kid()).isNotEqualTo(old);
        assertThat(keys.contentKey().kid()).isNotEqualTo(old);
    }

    /**
     * Another backend of the home may write a newer list to the known-devices file between this check's
     * listing and its reading of the file; a device paired in between would then look revoked. Listing
     * under the home's rotation lock rules that out.
     */
    @Test
    void theRelayIsAskedForTheDevicesUnderTheHomesRotationLock() throws Exception {
        Keyring keys = Keyring.open(new BatonHome(root));
        Path lockFile = keys.contentKeyFile().resolveSibling(RotationLock.FILE);
        List<Boolean> lockedWhileListing = new CopyOnWriteArrayList<>();
        DeviceDirectory relay = new DeviceDirectory() {
            @Override
            public List<EnvironmentDevice> devices() throws IOException {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    channel.tryLock().close();
                    lockedWhileListing.add(false);
                } catch (OverlappingFileLockException heldHere) {
                    lockedWhileListing.add(true);
                }
                return List.of(device("dev_phone", null));
            }

            @Override
            public void deliver(List<ContentKeyDelivery> deliveries) {}
        };

        new RevocationCheck(keys, relay).run();

        assertThat(lockedWhileListing).containsExactly(true);
    }

    @Test
    void ofTwoBackendsSharingTheHomeOneRotatesAndTheOtherAdoptsItsKey() throws Exception {
        BatonHome home = new BatonHome(root);
        Keyring first = Keyring.open(home);
        Keyring second = Keyring.open(home);
        Directory firstRelay = new Directory();
        Directory secondRelay = new Directory();
        for (Directory relay : List.of(firstRelay, secondRelay)) {
            relay.listed.addAll(List.of(device("dev_phone", null), device("dev_lost", null)));
        }
        RevocationCheck firstCheck = new RevocationCheck(first, firstRelay);
        RevocationCheck secondCheck = new RevocationCheck(second, secondRelay);
        firstCheck.run();
        String old = first.contentKey().kid();
        firstRelay.listed.removeIf(device -> device.id().equals("dev_lost"));
        secondRelay.listed.removeIf(device -> device.id().equals("dev_lost"));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> done = new ArrayList<>();
            for (RevocationCheck check : List.of(firstCheck, secondCheck)) {
                done.add(pool.submit((Callable<Object>) () -> {
                    start.await();
                    check.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<Object> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(first.contentKey().kid())
                .isNotEqualTo(old)
                .isEqualTo(second.contentKey().kid());
        assertThat(Keyring.open(home).contentKey().kid())
                .isEqualTo(first.contentKey().kid());
        assertThat(firstRelay.uploads.size() + secondRelay.uploads.size())
                .as("one rotation, not two")
                .isEqualTo(1);
    }

    @Test
    void aHostedSessionsKeyIsWrappedAgainUnderTheNewContentKey() throws Exception {
        BatonHome home = new BatonHome(root);
        Keyring keys = Keyring.open(home);
        HostSeal seal = HostSeal.of(keys, "ses_rewrapped");
        SessionKey before = seal.wrappedKey();
        List<SessionKey> rewrapped = new ArrayList<>();
        seal.onRewrapped(rewrapped::add);

        ContentKey next = new ContentKey(Seal.newKey());
        keys.adopt(next);

        assertThat(rewrapped).hasSize(1);
        SessionKey after = seal.wrappedKey();
        assertThat(after).isEqualTo(rewrapped.get(0));
        assertThat(after.kid()).isEqualTo(next.kid()).isNotEqualTo(before.kid());
        byte[] dataKey = keys.dataKey("ses_rewrapped");
        assertThat(SessionSeal.unwrap(next.bytes(), "ses_rewrapped", after)
                        .openTitle(new SessionSeal("ses_rewrapped", dataKey).sealTitle("same data key")))
                .isEqualTo("same data key");
    }

    private static EnvironmentDevice device(String id, AgreementKey key) {
        return new EnvironmentDevice(id, id, NOW, null, key == null ? null : List.of(key));
    }
}
