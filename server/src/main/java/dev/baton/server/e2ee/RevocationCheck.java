package dev.baton.server.e2ee;

import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.seal.Seal;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that a device was revoked and rotates the content key: a device this home knew under its current
 * key missing from the relay's list means it was revoked. The new key goes to every remaining device that
 * registered an agreement key under the previous one, and only then replaces the key file, so a relay that
 * refuses the deliveries leaves everything as it was and the next check tries again. Runs under
 * {@link RotationLock}: of several backends sharing the home one rotates and the others adopt its key.
 */
public final class RevocationCheck {
    private static final Logger log = LoggerFactory.getLogger(RevocationCheck.class);

    private final Keyring keys;
    private final DeviceDirectory relay;
    /** Checks asked for and not yet covered by a run: many requests while one runs make one more run. */
    private final AtomicInteger pending = new AtomicInteger();

    public RevocationCheck(Keyring keys, DeviceDirectory relay) {
        this.keys = keys;
        this.relay = relay;
    }

    /** Checks soon, on a thread of its own; never two at once. */
    public void request() {
        if (pending.getAndIncrement() == 0) {
            Thread.ofVirtual().name("revocation-check").start(this::drain);
        }
    }

    private void drain() {
        int covered;
        do {
            covered = pending.get();
            try {
                run();
            } catch (IOException | RuntimeException e) {
                log.warn("Could not check the account's devices for a revoked one: {}", e.getMessage());
            }
        } while (pending.addAndGet(-covered) > 0);
    }

    /** One check, and the rotation if a device was revoked. */
    void run() throws IOException {
        Path file = keys.contentKeyFile();
        ContentKey current = RotationLock.holding(file, () -> {
            // Listed under the lock: a list fetched before another check wrote a newer one to the file
            // would lack a device paired in between, and that device would look revoked.
            List<EnvironmentDevice> listed = relay.devices();
            Set<String> ids = listed.stream().map(EnvironmentDevice::id).collect(Collectors.toSet());
            ContentKey onDisk = new ContentKey(KeyFile.read(file, "the content key"));
            ContentKey mine = keys.contentKey();
            if (!onDisk.kid().equals(mine.kid())) {
                // Another backend of the home (or another session of this one) rotated first.
                log.info("The content key of this home is now {}; using it", onDisk.kid());
                return onDisk;
            }
            Optional<KnownDevices> known =
                    KnownDevices.read(file).filter(k -> k.kid().equals(mine.kid()));
            Set<String> revoked = known.map(k -> k.missingFrom(ids)).orElse(Set.of());
            if (revoked.isEmpty()) {
                new KnownDevices(mine.kid(), ids).write(file);
                return mine;
            }
            return rotate(file, mine, revoked, known.get().devices(), listed, ids);
        });
        keys.adopt(current);
    }

    private ContentKey rotate(
            Path file,
            ContentKey previous,
            Set<String> revoked,
            Set<String> seen,
            List<EnvironmentDevice> listed,
            Set<String> ids)
            throws IOException {
        ContentKey next = new ContentKey(Seal.newKey());
        DeliveryPlan plan = DeliveryPlan.of(previous, next, listed, seen);
        relay.deliver(plan.deliveries());
        PrivateFiles.replace(file, next.bytes());
        new KnownDevices(next.kid(), ids).write(file);
        log.info(
                "Device(s) {} were revoked: the content key is now {} (was {}), delivered to {} remaining device(s)",
                revoked,
                next.kid(),
                previous.kid(),
                plan.deliveries().size());
        if (!plan.left().isEmpty()) {
            log.warn(
                    "Device(s) {} got no new content key (no agreement key under the previous one, or listed for"
                            + " the first time only now): pair them again to open sessions started from now on",
                    plan.left());
        }
        return next;
    }
}
