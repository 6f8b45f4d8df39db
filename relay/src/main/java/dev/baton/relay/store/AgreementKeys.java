package dev.baton.relay.store;

import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.DeliveredContentKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules both stores keep a device's agreement key registrations by (see {@link
 * RelayStore#putAgreementKey}), and the stored form of the embedded store: {@code {"keys": [...]}}, newest first.
 */
public final class AgreementKeys {
    private AgreementKeys() {}

    /** {@code registered} with {@code key} added as the newest (see {@link #replacedBy}). */
    public static List<AgreementKey> with(
            List<AgreementKey> registered, AgreementKey key, List<DeliveredContentKey> delivered) {
        List<AgreementKey> kept = new ArrayList<>();
        kept.add(key);
        registered.stream().filter(old -> !replacedBy(old, key, delivered)).forEach(kept::add);
        return newestPerKid(kept);
    }

    /**
     * Whether {@code key} makes {@code old} useless: the same kid; a public key the device no longer uses;
     * or the content key {@code key.kid()} replaced, as one of the device's deliveries says (a machine
     * that rotated delivers only to the registration under its new key from then on). Dropping those at
     * once keeps the bounded list for the machines the device holds keys of.
     */
    public static boolean replacedBy(AgreementKey old, AgreementKey key, List<DeliveredContentKey> delivered) {
        return old.kid().equals(key.kid())
                || !old.publicKey().equals(key.publicKey())
                || delivered.stream()
                        .anyMatch(delivery -> delivery.kid().equals(key.kid())
                                && delivery.previousKid().equals(old.kid()));
    }

    /** The first (newest) of each kid, at most {@link RelayStore#KEPT_AGREEMENT_KEYS}. */
    public static List<AgreementKey> newestPerKid(List<AgreementKey> registered) {
        Set<String> kids = new HashSet<>();
        return registered.stream()
                .filter(key -> kids.add(key.kid()))
                .limit(RelayStore.KEPT_AGREEMENT_KEYS)
                .toList();
    }

    /** The stored form: an object, as every stored record is, holding the list. */
    private record Stored(List<AgreementKey> keys) {}

    public static List<AgreementKey> decode(String json) {
        return Json.decode(json, Stored.class).keys();
    }

    public static String encode(List<AgreementKey> keys) {
        return Json.write(new Stored(keys));
    }
}
