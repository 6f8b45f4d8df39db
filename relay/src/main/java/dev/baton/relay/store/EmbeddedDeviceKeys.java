package dev.baton.relay.store;

import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * What the embedded store keeps for a device's end-to-end keys: its agreement key's registrations (newest
 * first) and the content keys backends delivered to it, newest first and at most {@link RelayStore#KEPT_CONTENT_KEYS}.
 */
final class EmbeddedDeviceKeys {
    private final MVMap<String, String> agreementKeys;
    private final MVMap<String, String> contentKeys;

    EmbeddedDeviceKeys(MVStore store) {
        this.agreementKeys = store.openMap("agreementKeys");
        this.contentKeys = store.openMap("contentKeys");
    }

    List<AgreementKey> agreementKeys(String deviceId) {
        return Optional.ofNullable(agreementKeys.get(deviceId))
                .map(json -> AgreementKeys.newestPerKid(AgreementKeys.decode(json)))
                .orElse(List.of());
    }

    void putAgreementKey(String deviceId, AgreementKey key) {
        List<DeliveredContentKey> delivered = contentKeys(deviceId);
        // compute retries on a concurrent change, so registrations under two kids at once both stay.
        agreementKeys.compute(
                deviceId,
                (id, json) -> AgreementKeys.encode(
                        AgreementKeys.with(json == null ? List.of() : AgreementKeys.decode(json), key, delivered)));
    }

    List<DeliveredContentKey> contentKeys(String deviceId) {
        return Optional.ofNullable(contentKeys.get(deviceId))
                .map(json -> Json.decode(json, DeliveredContentKeys.class).keys())
                .orElse(List.of());
    }

    void addContentKey(String deviceId, DeliveredContentKey key) {
        // compute retries on a concurrent change, so two backends delivering at once both keep theirs.
        contentKeys.compute(deviceId, (id, json) -> {
            List<DeliveredContentKey> kept = new ArrayList<>();
            kept.add(key);
            if (json != null) {
                kept.addAll(Json.decode(json, DeliveredContentKeys.class).keys());
            }
            return Json.write(
                    new DeliveredContentKeys(kept.subList(0, Math.min(kept.size(), RelayStore.KEPT_CONTENT_KEYS))));
        });
    }

    /** Drops both with the device. */
    void forget(String deviceId) {
        agreementKeys.remove(deviceId);
        contentKeys.remove(deviceId);
    }
}
