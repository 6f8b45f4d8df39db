package dev.baton.relay.auth;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.Organization;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.Role;
import dev.baton.relay.store.Scope;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accounts, their organizations and full-scope tokens, and the two policies the relay enforces on them:
 * who may start Remote Control ({@link #requireRemoteControl}) and who may manage devices ({@link
 * #requireOwner}).
 */
public final class Accounts {
    static final String REMOTE_CONTROL_DISABLED = "Remote Control is disabled by your organization's policy";
    static final String REMOTE_CONTROL_NOT_ENABLED = "Remote Control is not yet enabled for your account";
    static final String ELIGIBILITY_UNKNOWN = "Unable to determine your organization for Remote Control eligibility";

    /** Organization names go into commands and messages: plain, short, no spaces. */
    static final Pattern ORGANIZATION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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
        requireUserName(user);
        Account account = store.accountByUser(user).orElseGet(() -> {
            Account created = new Account(Secrets.id("acc_"), user, true, clock.instant());
            store.putAccount(created);
            return created;
        });
        return tokens.issue(Scope.ACCOUNT, account.id(), account.id());
    }

    /**
     * Checks the Remote Control policy of the account: its own flag for a personal account, its
     * organization's setting otherwise. The message starts with the sentence the code stands for and goes
     * on with the cause.
     *
     * @throws ProtocolException {@code remote_control_disabled} (turned off or locked), {@code
     *     remote_control_not_enabled} (an organization that never turned it on) or {@code
     *     remote_control_eligibility_unknown} (the organization's record is missing or unreadable)
     */
    public Account requireRemoteControl(String accountId) {
        Account account = existing(accountId);
        if (account.personal()) {
            if (!account.remoteControlEnabled()) {
                throw new ProtocolException(ErrorCode.REMOTE_CONTROL_DISABLED, REMOTE_CONTROL_DISABLED);
            }
            return account;
        }
        Organization org = organizationOf(account)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.REMOTE_CONTROL_ELIGIBILITY_UNKNOWN,
                        ELIGIBILITY_UNKNOWN + ": user " + account.user() + " belongs to organization " + account.org()
                                + ", which this relay has no readable record of"));
        if (org.locked()) {
            throw new ProtocolException(
                    ErrorCode.REMOTE_CONTROL_DISABLED,
                    REMOTE_CONTROL_DISABLED + ": organization " + org.name()
                            + " has a compliance lock that keeps Remote Control off");
        }
        if (Boolean.FALSE.equals(org.remoteControl())) {
            throw new ProtocolException(
                    ErrorCode.REMOTE_CONTROL_DISABLED,
                    REMOTE_CONTROL_DISABLED + ": an admin of organization " + org.name()
                            + " turned Remote Control off");
        }
        if (org.remoteControl() == null) {
            throw new ProtocolException(
                    ErrorCode.REMOTE_CONTROL_NOT_ENABLED,
                    REMOTE_CONTROL_NOT_ENABLED + ": organization " + org.name()
                            + " has not turned Remote Control on yet");
        }
        return account;
    }

    /**
     * Device management (listing, revoking, pairing another device) is for owners: a personal account,
     * or a user with the owner role in its organization.
     *
     * @throws ProtocolException {@code insufficient_role} for anyone else
     */
    public Account requireOwner(String accountId, String action) {
        Account account = existing(accountId);
        if (account.effectiveRole() != Role.OWNER) {
            throw new ProtocolException(
                    ErrorCode.INSUFFICIENT_ROLE,
                    "only an owner may " + action + "; user " + account.user() + " is "
                            + article(account.effectiveRole()) + " of organization " + account.org());
        }
        return account;
    }

    /**
     * The organization a signed-in user may set the policy of from the web page: its own, when the user
     * is an owner or an admin of it.
     *
     * @throws ProtocolException {@code not_found} for a personal account, {@code insufficient_role} for a
     *     member, {@code remote_control_eligibility_unknown} when the organization's record is unreadable
     */
    public Organization organizationOf(String accountId) {
        Account account = existing(accountId);
        if (account.personal()) {
            throw new ProtocolException(
                    ErrorCode.NOT_FOUND,
                    "user " + account.user() + " has a personal account, which has no organization policy:"
                            + " Remote Control is always on for it");
        }
        return organization(account.org())
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.REMOTE_CONTROL_ELIGIBILITY_UNKNOWN,
                        "the relay has no readable record of organization " + account.org()));
    }

    /**
     * Turns Remote Control on or off for the organization of {@code accountId}, from its web page.
     *
     * @throws ProtocolException {@code insufficient_role} unless the user is an owner or an admin, {@code
     *     policy_locked} when turning it on under a compliance lock
     */
    public synchronized Organization setRemoteControl(String accountId, boolean on) {
        Account account = existing(accountId);
        Organization org = organizationOf(accountId);
        if (account.effectiveRole() == Role.MEMBER) {
            throw new ProtocolException(
                    ErrorCode.INSUFFICIENT_ROLE,
                    "only an owner or an admin may change organization " + org.name() + "'s policy; user "
                            + account.user() + " is a member");
        }
        if (on && org.locked()) {
            throw new ProtocolException(
                    ErrorCode.POLICY_LOCKED,
                    "organization " + org.name() + " has a compliance lock on Remote Control; only the relay's"
                            + " operator can lift it (`baton relay org set " + org.name() + " --unlock`)");
        }
        Organization changed = org.withRemoteControl(on);
        store.putOrganization(changed);
        return changed;
    }

    /**
     * Adds a user: a personal account without {@code org}, else a member of {@code org} with {@code role}
     * (member when absent).
     *
     * @throws IllegalArgumentException when the user exists, the organization does not, or a role is
     *     given without an organization
     */
    public synchronized Account addUser(String user, String org, Role role) {
        requireUserName(user);
        Optional<Account> existing = store.accountByUser(user);
        if (existing.isPresent()) {
            throw new IllegalArgumentException(
                    "user " + user + " already exists (" + describeMembership(existing.get()) + ")");
        }
        Account account;
        if (org == null) {
            if (role != null && role != Role.OWNER) {
                throw new IllegalArgumentException("a user without --org has a personal account and is its owner;"
                        + " --role " + role.wire() + " needs --org");
            }
            account = new Account(Secrets.id("acc_"), user, true, clock.instant());
        } else {
            if (organization(org).isEmpty()) {
                throw new IllegalArgumentException(
                        "no organization " + org + "; create it first with `baton relay org add " + org + "`");
            }
            account = new Account(
                    Secrets.id("acc_"), user, true, clock.instant(), org, role == null ? Role.MEMBER : role);
        }
        store.putAccount(account);
        return account;
    }

    /** @throws IllegalArgumentException when the name is not plain or the organization exists */
    public synchronized Organization addOrganization(String name) {
        if (name == null || !ORGANIZATION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an organization name is letters, digits, '.', '_' and '-' (at most 64,"
                    + " starting with a letter or digit), not '" + name + "'");
        }
        if (organization(name).isPresent()) {
            throw new IllegalArgumentException("organization " + name + " already exists");
        }
        Organization created = Organization.create(name, clock.instant());
        store.putOrganization(created);
        return created;
    }

    /**
     * Changes an organization's Remote Control policy. {@code lock} true locks it off, false lifts the
     * lock; {@code remoteControl} true turns it on, which a lock forbids unless the same change lifts it.
     *
     * @throws IllegalArgumentException when there is no such organization, nothing to change, or the
     *     change would turn Remote Control on under a compliance lock
     */
    public synchronized Organization setOrganization(String name, Boolean remoteControl, Boolean lock) {
        Organization org = organization(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no organization " + name + " (`baton relay org list` shows them)"));
        if (remoteControl == null && lock == null) {
            throw new IllegalArgumentException("nothing to change: give --remote-control on|off, --lock or --unlock");
        }
        if (Boolean.TRUE.equals(remoteControl) && Boolean.TRUE.equals(lock)) {
            throw new IllegalArgumentException(
                    "--lock keeps Remote Control off, so it cannot go with --remote-control on");
        }
        if (lock != null) {
            org = org.withLock(lock);
        }
        if (remoteControl != null) {
            if (remoteControl && org.locked()) {
                throw new IllegalArgumentException("organization " + name + " has a compliance lock on Remote Control,"
                        + " which forbids turning it on; lift the lock first (--unlock) if your compliance policy"
                        + " allows it");
            }
            org = org.withRemoteControl(remoteControl);
        }
        store.putOrganization(org);
        return org;
    }

    /**
     * Sets (or replaces) a user's password for signing in on the relay's web page.
     *
     * @throws IllegalArgumentException when there is no such user or the password is too short or long
     */
    public synchronized void setPassword(String user, String password) {
        Account account = store.accountByUser(user)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no user " + user + "; add it first with `baton relay user add " + user + "`"));
        if (password == null || password.length() < Passwords.MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + Passwords.MIN_LENGTH + " characters");
        }
        if (password.length() > Passwords.MAX_LENGTH) {
            throw new IllegalArgumentException("a password may have at most " + Passwords.MAX_LENGTH + " characters");
        }
        store.putPasswordHash(account.id(), Passwords.hash(password));
    }

    /**
     * Checks a user's name and password. An unknown user, a user without a password and a wrong password
     * are refused alike, in about the same time, so the answer does not tell which names exist.
     *
     * @throws ProtocolException {@code invalid_credentials}
     */
    public Account signIn(String user, String password) {
        String given = password == null ? "" : password;
        Optional<Account> account =
                user == null || given.length() > Passwords.MAX_LENGTH ? Optional.empty() : store.accountByUser(user);
        Optional<String> hash = account.flatMap(found -> store.passwordHash(found.id()));
        boolean matches = hash.isPresent() ? Passwords.matches(given, hash.get()) : Passwords.decoy(given);
        if (!matches) {
            throw new ProtocolException(ErrorCode.INVALID_CREDENTIALS, "wrong user name or password");
        }
        return account.get();
    }

    /** The user an identity provider vouched for: no password involved, the provider checked the person. */
    public Optional<Account> vouchedFor(String user) {
        return store.accountByUser(user);
    }

    /** The account behind a token. @throws ProtocolException {@code unauthorized} when it is gone */
    public Account account(String accountId) {
        return existing(accountId);
    }

    /** Mints a full-scope account token for an existing account (the device authorization grant). */
    public IssuedToken issueAccountToken(Account account) {
        return tokens.issue(Scope.ACCOUNT, account.id(), account.id());
    }

    /** Every user, by name. */
    public List<Account> users() {
        return store.accounts().stream()
                .sorted(Comparator.comparing(Account::user))
                .toList();
    }

    /** Every organization, by name; unreadable records are left out. */
    public List<Organization> organizations() {
        return store.organizations().stream()
                .sorted(Comparator.comparing(Organization::name))
                .toList();
    }

    /** "personal account" or "member of acme". */
    public static String describeMembership(Account account) {
        return account.personal()
                ? "personal account"
                : account.effectiveRole().wire() + " of organization " + account.org();
    }

    private Account existing(String accountId) {
        return store.account(accountId)
                .orElseThrow(() -> new ProtocolException(ErrorCode.UNAUTHORIZED, "this account no longer exists"));
    }

    /** Empty when the record is missing or cannot be read: either way nobody can tell the policy. */
    private Optional<Organization> organizationOf(Account account) {
        return organization(account.org());
    }

    private Optional<Organization> organization(String name) {
        try {
            return store.organization(name);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String article(Role role) {
        return (role == Role.ADMIN ? "an " : "a ") + role.wire();
    }

    private static void requireUserName(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a user name is required");
        }
    }
}
