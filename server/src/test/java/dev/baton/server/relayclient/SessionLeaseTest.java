package dev.baton.server.relayclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.relay.Relay;
import dev.baton.relay.RelayConfig;
import dev.baton.server.testing.TestClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token renewal against a real relay whose clock the test moves along with the lease's. */
class SessionLeaseTest {
    private static final CreateEnvironment MACHINE =
            new CreateEnvironment("laptop", "laptop", "/work", SpawnMode.SINGLE_SESSION, 1);
    private static final String SESSION_ID = "lease-test-session";

    private final TestClock clock = new TestClock();
    private Relay relay;
    private RelayClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private void startRelay() throws Exception {
        relay = Relay.start(RelayConfig.defaults().withPort(0).withClock(clock));
        client = new RelayClient(relay.url());
    }

    @Test
    void registersTheSessionUnderItsLocalId() throws Exception {
        startRelay();
        SessionLease lease = SessionLease.register(
                client,
                account(relay.createAccountToken("alice"), new AtomicInteger()),
                MACHINE,
                SESSION_ID,
                "t",
                clock);

        assertThat(lease.sessionUrl()).isEqualTo(relay.url() + "/s/" + SESSION_ID);
        assertThat(lease.sessionToken()).startsWith("bts_");
        assertThat(lease.createPairing().url()).startsWith(lease.sessionUrl() + "#pair=btp_");
    }

    @Test
    void renewsBothTokensInTheLastFifthOfTheirLifeKeepingTheEnvironment() throws Exception {
        startRelay();
        SessionLease lease = SessionLease.register(
                client,
                account(relay.createAccountToken("alice"), new AtomicInteger()),
                MACHINE,
                SESSION_ID,
                "t",
                clock);
        String environment = lease.environmentId();
        String firstToken = lease.sessionToken();

        clock.advance(Duration.ofMinutes(30));
        lease.renewDue();
        assertThat(lease.sessionToken()).as("not due yet").isEqualTo(firstToken);

        clock.advance(Duration.ofMinutes(20)); // 50 of 60 minutes
        lease.renewDue();
        String renewedToken = lease.sessionToken();
        assertThat(renewedToken).isNotEqualTo(firstToken);

        // Past the first environment token's expiry: only a renewed one can renew again.
        clock.advance(Duration.ofMinutes(50));
        lease.renewDue();
        assertThat(lease.environmentId()).isEqualTo(environment);
        assertThat(lease.sessionToken()).isNotEqualTo(renewedToken);
        assertThat(lease.sessionUrl()).isEqualTo(relay.url() + "/s/" + SESSION_ID);
    }

    @Test
    void aRefusedAccountTokenIsReplacedOnceThenTheRefusalStands() throws Exception {
        startRelay();
        AtomicInteger replacements = new AtomicInteger();
        String valid = relay.createAccountToken("alice");

        SessionLease lease = SessionLease.register(
                client, account("bta_unknown", replacements, valid), MACHINE, SESSION_ID, "t", clock);
        assertThat(replacements).hasValue(1);
        assertThat(lease.sessionToken()).startsWith("bts_");

        assertThatThrownBy(() -> SessionLease.register(
                        client, account("bta_unknown", new AtomicInteger()), MACHINE, "another-session", "t", clock))
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void aCallRefusedAfterTheEnvironmentWasDeletedDoesNotRegisterItAgain() throws Exception {
        startRelay();
        String token = relay.createAccountToken("alice");
        EnvironmentLease lease = EnvironmentLease.register(
                client,
                account(token, new AtomicInteger()),
                new CreateEnvironment("laptop", "laptop", "/work", SpawnMode.SAME_DIR, 2),
                clock);
        String deleted = lease.environmentId();

        lease.delete();

        assertThatThrownBy(() -> lease.adopt(List.of("some-session")))
                .isInstanceOf(IOException.class)
                .hasMessage("the environment was deregistered");
        assertThatThrownBy(() -> lease.pollWork(Duration.ZERO))
                .isInstanceOf(IOException.class)
                .hasMessage("the environment was deregistered");
        assertThat(lease.environmentId())
                .as("a registration would have replaced it")
                .isEqualTo(deleted);
    }

    @Test
    void anEnvironmentTheRelayNoLongerKnowsIsRegisteredAgainAndItsListenersAreTold() throws Exception {
        startRelay();
        EnvironmentLease lease = EnvironmentLease.register(
                client,
                account(relay.createAccountToken("alice"), new AtomicInteger()),
                new CreateEnvironment("laptop", "laptop", "/work", SpawnMode.SAME_DIR, 2),
                clock);
        String forgotten = lease.environmentId();
        CountDownLatch told = new CountDownLatch(1);
        lease.onRegisteredAgain(told::countDown);
        lease.withEnvironment(
                current -> { // as a relay that lost its data would
                    client.deleteEnvironment(current.environmentId(), current.environmentToken());
                    return null;
                });

        assertThat(lease.adopt(List.of())).isEmpty();

        assertThat(lease.environmentId()).isNotEqualTo(forgotten);
        assertThat(told.await(10, TimeUnit.SECONDS)).as("the listener ran").isTrue();
    }

    /** An account whose refused token is replaced by {@code replacement}, or whose refusal stands. */
    private static AccountCredential account(String token, AtomicInteger replacements, String... replacement) {
        return new AccountCredential() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public String replaceRefused(RelayException refusal) throws RelayException {
                if (replacement.length == 0) {
                    throw refusal;
                }
                replacements.incrementAndGet();
                return replacement[0];
            }
        };
    }
}
