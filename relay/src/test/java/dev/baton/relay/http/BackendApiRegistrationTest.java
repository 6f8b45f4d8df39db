package dev.baton.relay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.hub.Hub;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StaleEpochException;
import dev.baton.relay.work.LocalWorkQueue;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Registering a session that already exists rewrites its record. On a shared store another relay node's
 * hello may start a new epoch between the read and the write, and the store refuses the stale record:
 * the registration reads the record again and succeeds, keeping the new epoch.
 */
class BackendApiRegistrationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final EnvironmentRecord ENVIRONMENT =
            new EnvironmentRecord("env_1", "acc_1", "laptop", "host", "/w", SpawnMode.SAME_DIR, 1, NOW);

    private final RelayStore store = mock(RelayStore.class);
    private final BackendApi api = backendApi(store);

    @Test
    void aRecordRefusedBecauseAnotherNodeStartedANewEpochIsReadAgainAndWrittenInThatEpoch() {
        SessionRecord before = SessionRecord.create("ses_12345678", "acc_1", "env_0", "old", NOW)
                .withEpoch("e1");
        when(store.session("ses_12345678")).thenReturn(Optional.of(before), Optional.of(before.withEpoch("e2")));
        doThrow(new StaleEpochException("ses_12345678", "e1"))
                .doNothing()
                .when(store)
                .putSession(any());

        SessionRegistration registered = api.registerSession(ENVIRONMENT, new RegisterSession("ses_12345678", "new"));

        assertThat(registered.sessionId()).isEqualTo("ses_12345678");
        ArgumentCaptor<SessionRecord> written = ArgumentCaptor.forClass(SessionRecord.class);
        verify(store, times(2)).putSession(written.capture());
        assertThat(written.getAllValues().getLast().epoch()).isEqualTo("e2");
        assertThat(written.getAllValues().getLast().environmentId()).isEqualTo("env_1");
    }

    private static BackendApi backendApi(RelayStore store) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        TokenService tokens = new TokenService(store, clock);
        SessionUrls urls = new SessionUrls(URI.create("https://relay.example"));
        return new BackendApi(
                store,
                tokens,
                new Accounts(store, tokens, clock),
                new LocalWorkQueue(),
                new Pairings(store, tokens, urls),
                urls,
                mock(Hub.class),
                clock);
    }
}
