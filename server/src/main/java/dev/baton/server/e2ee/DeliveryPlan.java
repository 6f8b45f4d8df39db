package dev.baton.server.e2ee;

import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.seal.KeyDelivery;
import dev.baton.protocol.seal.SealException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which remaining devices get the new content key: each whose agreement key was registered under the
 * previous one (among its registrations under the keys of every machine it was paired with) and whose proof holds under it, so a key the relay made up or moved from another device gets
 * nothing. The others must pair again.
 *
 * @param deliveries what to upload, one per device that gets the key
 * @param left the ids of the devices that get nothing: not seen before, no agreement key, none under the
 *     previous content key, or a proof that does not hold
 */
record DeliveryPlan(List<ContentKeyDelivery> deliveries, List<String> left) {
    DeliveryPlan {
        deliveries = List.copyOf(deliveries);
        left = List.copyOf(left);
    }

    /**
     * @param seen the devices listed before this rotation: one that first shows up now gets nothing, since
     *     the revoked device still holds the previous key and so can prove a key of its own for any device
     *     id, which a relay helping it could list
     */
    static DeliveryPlan of(ContentKey previous, ContentKey next, List<EnvironmentDevice> devices, Set<String> seen) {
        List<ContentKeyDelivery> deliveries = new ArrayList<>();
        List<String> left = new ArrayList<>();
        byte[] previousKey = previous.bytes();
        byte[] nextKey = next.bytes();
        for (EnvironmentDevice device : devices) {
            AgreementKey key = registeredUnder(previous.kid(), device);
            if (!seen.contains(device.id()) || key == null || !KeyDelivery.proofHolds(previousKey, device.id(), key)) {
                left.add(device.id());
                continue;
            }
            try {
                deliveries.add(KeyDelivery.deliver(previousKey, nextKey, device.id(), key.publicKey()));
            } catch (SealException notAPoint) {
                left.add(device.id()); // proved by the device itself, yet no point of the curve: nothing to seal to
            }
        }
        return new DeliveryPlan(deliveries, left);
    }

    /**
     * The device's registration under {@code kid}: a device paired with several machines registers under
     * each one's key. None when the device registered no key.
     */
    private static AgreementKey registeredUnder(String kid, EnvironmentDevice device) {
        List<AgreementKey> keys = Optional.ofNullable(device.agreementKeys()).orElse(List.of());
        return keys.stream().filter(key -> kid.equals(key.kid())).findFirst().orElse(null);
    }
}
