package dev.baton.relay.store;

import java.time.Duration;

/** What a token lets its bearer do; the prefix makes a leaked token recognisable to humans and scanners. */
public enum Scope {
    ACCOUNT("bta_", Duration.ofDays(30), "an account token"),
    /** For scripts: reads the account and lists its sessions, and can never host one. */
    READ_ONLY("bto_", Duration.ofDays(365), "a read-only token"),
    ENVIRONMENT("bte_", Duration.ofHours(1), "an environment token"),
    SESSION_HOST("bts_", Duration.ofHours(1), "a session host token"),
    /** Short-lived: a copied device token is worth an hour at most; the refresh credential renews it. */
    DEVICE("btd_", Duration.ofHours(1), "a device token"),
    /** Single use: each refresh returns a new one, so a copy shows itself the moment both are used. */
    REFRESH("btr_", Duration.ofDays(30), "a refresh credential"),
    /**
     * A refresh credential that was used, kept until it would have expired, so that presenting it again
     * is recognised as theft rather than as an unknown token.
     */
    SPENT_REFRESH("btr_", Duration.ofDays(30), "a used refresh credential"),
    TICKET("btt_", Duration.ofSeconds(60), "a stream ticket"),
    PAIRING("btp_", Duration.ofMinutes(10), "a pairing code"),
    /** A signed-in browser on the relay's web page (the session cookie); never accepted as a bearer token. */
    WEB("btw_", Duration.ofHours(12), "a sign-in session");

    private final String prefix;
    private final Duration lifetime;
    private final String description;

    Scope(String prefix, Duration lifetime, String description) {
        this.prefix = prefix;
        this.lifetime = lifetime;
        this.description = description;
    }

    public String prefix() {
        return prefix;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** How an error message names it: "a device token". */
    public String description() {
        return description;
    }
}
