package dev.baton.server.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.RelayApi.AgreementKey;
import dev.baton.protocol.relay.RelayApi.ContentKeyDelivery;
import dev.baton.protocol.relay.RelayApi.EnvironmentDevice;
import dev.baton.protocol.seal.KeyDelivery;
import dev.baton.protocol.seal.P256;
import dev.baton.protocol.seal.Seal;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which registration of a device paired with several machines the rotating machine delivers to. */
class DeliveryPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

    private final ContentKey laptop = new ContentKey(Seal.newKey());
    private final ContentKey desktop = new ContentKey(Seal.newKey());
    private final ContentKey next = new ContentKey(Seal.newKey());
    private final KeyPair phoneKeys = P256.generate();
    private final String phonePublic = P256.encode(phoneKeys.getPublic());

    @Test
    void theRegistrationUnderThePreviousKeyIsUsedThoughANewerOneUnderAnotherMachinesKeyLeads() throws Exception {
        AgreementKey underDesktop = KeyDelivery.agreementKey(desktop.bytes(), "dev_phone", phonePublic);
        AgreementKey underLaptop = KeyDelivery.agreementKey(laptop.bytes(), "dev_phone", phonePublic);
        EnvironmentDevice phone = device("dev_phone", List.of(underDesktop, underLaptop));

        DeliveryPlan plan = DeliveryPlan.of(laptop, next, List.of(phone), Set.of("dev_phone"));

        assertThat(plan.left()).isEmpty();
        assertThat(plan.deliveries())
                .singleElement()
                .extracting(ContentKeyDelivery::previousKid)
                .isEqualTo(laptop.kid());
        assertThat(KeyDelivery.open(
                        laptop.bytes(),
                        phoneKeys.getPrivate(),
                        "dev_phone",
                        plan.deliveries().get(0).delivered()))
                .isEqualTo(next.bytes());
    }

    @Test
    void aDeviceRegisteredOnlyUnderAnotherMachinesKeyGetsNothing() {
        AgreementKey underDesktop = KeyDelivery.agreementKey(desktop.bytes(), "dev_phone", phonePublic);
        EnvironmentDevice phone = device("dev_phone", List.of(underDesktop));

        DeliveryPlan plan = DeliveryPlan.of(laptop, next, List.of(phone), Set.of("dev_phone"));

        assertThat(plan.deliveries()).isEmpty();
        assertThat(plan.left()).containsExactly("dev_phone");
    }

    @Test
    void aRegistrationUnderThePreviousKidWhoseProofDoesNotHoldGetsNothing() {
        AgreementKey forged = new AgreementKey(
                phonePublic,
                laptop.kid(),
                KeyDelivery.agreementKey(desktop.bytes(), "dev_phone", phonePublic)
                        .proof());
        EnvironmentDevice phone = device("dev_phone", List.of(forged));

        DeliveryPlan plan = DeliveryPlan.of(laptop, next, List.of(phone), Set.of("dev_phone"));

        assertThat(plan.deliveries()).isEmpty();
        assertThat(plan.left()).containsExactly("dev_phone");
    }

    @Test
    void aDeviceThatRegisteredNoAgreementKeyGetsNothing() {
        DeliveryPlan plan = DeliveryPlan.of(
                laptop, next, List.of(new EnvironmentDevice("dev_phone", "dev_phone", NOW, null)), Set.of("dev_phone"));

        assertThat(plan.deliveries()).isEmpty();
        assertThat(plan.left()).containsExactly("dev_phone");
    }

    private static EnvironmentDevice device(String id, List<AgreementKey> registered) {
        return new EnvironmentDevice(id, id, NOW, null, registered);
    }
}
