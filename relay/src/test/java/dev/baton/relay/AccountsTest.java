package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.auth.Accounts;
import dev.baton.relay.auth.TokenService;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.Scope;
import dev.baton.relay.store.TokenRecord;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Account tokens and the Remote Control policy switch. */
class AccountsTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void tokensAreStoredOnlyAsHashesAndPersonalAccountsMayRemoteControl() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(10)) {
            TokenService tokens = new TokenService(store, clock);
            Accounts accounts = new Accounts(store, tokens, clock);
            String token = accounts.createAccountToken("ada").token();

            assertThat(token).startsWith("bta_").hasSize(4 + 43);
            assertThat(store.token(token)).isEmpty();
            TokenRecord record = tokens.require(token, Scope.ACCOUNT);
            assertThat(store.token(TokenService.hashOf(token))).contains(record);
            assertThat(accounts.requireRemoteControl(record.accountId()).remoteControlEnabled())
                    .isTrue();
            assertThat(accounts.createAccountToken("ada").token()).isNotEqualTo(token);
            assertThat(store.accountByUser("ada")).map(Account::id).contains(record.accountId());
        }
    }

    @Test
    void anOrganisationPolicyRefusesRemoteControl() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(10)) {
            TokenService tokens = new TokenService(store, clock);
            Accounts accounts = new Accounts(store, tokens, clock);
            store.putAccount(new Account("acc_team", "team", false, clock.instant()));

            assertThatThrownBy(() -> accounts.requireRemoteControl("acc_team"))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.REMOTE_CONTROL_DISABLED))
                    .hasMessage("Remote Control is disabled by your organization's policy");
        }
    }
}
