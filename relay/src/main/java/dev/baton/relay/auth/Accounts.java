package dev.baton.relay.auth;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Scope;
import java.time.Clock;

/** Accounts and their full-scope tokens. */
public final class Accounts {
    static final String REMOTE_CONTROL_DISABLED = "Remote Control is disabled by your organization's policy";

    private final RelayStore store;
    private final TokenService tokens;
    private final Clock clock;

    public Accounts(RelayStore store, TokenService tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Mints an account token for {@code user}, creating a personal account (Remote Control on) if new. */
    public synchronized IssuedToken createAccountToken(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a user name is required");
        }
        Account account = store.accountByUser(user).orElseGet(() -> {
            Account created = new Account(Secrets.id("acc_"), user, true, clock.instant());
            store.putAccount(created);
            return created;
        });
        return tokens.issue(Scope.ACCOUNT, account.id(), account.id());
    }

    /** @throws ProtocolException {@code remote_control_disabled} when the account's policy forbids it */
    public Account requireRemoteControl(String accountId) {
        Account account = store.account(accountId)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "this account no longer exists"));
        if (!account.remoteControlEnabled()) {
            throw new ProtocolException(ErrorCode.REMOTE_CONTROL_DISABLED, REMOTE_CONTROL_DISABLED);
        }
        return account;
    }
}
