package dev.baton.relay.store.redis;

/**
 * Every key the Redis store writes, in one place so {@code docs/redis.md} and the code cannot drift.
 * Records of one kind share a hash (one key per kind, the record's id as the field); only what needs a
 * TTL or an order of its own gets keys per record.
 */
final class RedisKeys {
    static final String ACCOUNTS = "baton:accounts";
    static final String ACCOUNTS_BY_USER = "baton:accounts:by-user";
    static final String ORGANIZATIONS = "baton:organizations";
    static final String PASSWORDS = "baton:passwords";
    static final String ENVIRONMENTS = "baton:environments";
    static final String SESSIONS = "baton:sessions";
    static final String DEVICES = "baton:devices";
    static final String PUSH_SUBSCRIPTIONS = "baton:push-subscriptions";

    static final String SETTINGS = "baton:settings";
    /** Sorted set of {@code hash:subjectId} by expiry (epoch millis), for purging by the relay's clock. */
    static final String TOKEN_EXPIRY = "baton:token-expiry";

    private static final String EVENTS_CHANNEL = "baton:events:";
    private static final String INPUTS_CHANNEL = "baton:host-inputs:";
    private static final String AUDIENCE_CHANNEL = "baton:host-audience:";
    private static final String NOTICES_CHANNEL = "baton:host-notices:";

    private RedisKeys() {}

    static String token(String hash) {
        return "baton:token:" + hash;
    }

    static String ticket(String hash) {
        return "baton:ticket:" + hash;
    }

    static String tokensOf(String subjectId) {
        return "baton:tokens-of:" + subjectId;
    }

    static String sessionsOf(String accountId) {
        return "baton:account:" + accountId + ":sessions";
    }

    static String devicesOf(String accountId) {
        return "baton:account:" + accountId + ":devices";
    }

    /** A list per device of its agreement key's registrations, newest first (one per kid once read). */
    static String agreementKeysOf(String deviceId) {
        return "baton:device:" + deviceId + ":agreement-keys";
    }

    /** A list per device of its delivered content keys, newest first. */
    static String contentKeysOf(String deviceId) {
        return "baton:device:" + deviceId + ":content-keys";
    }

    static String tail(String sessionId) {
        return "baton:tail:" + sessionId;
    }

    /** The epoch the session's tail and record belong to: appends and records of any other are refused. */
    static String tailEpoch(String sessionId) {
        return "baton:tail-epoch:" + sessionId;
    }

    /**
     * A counter of the session's hellos on every node: a later hello has a higher number. It expires once
     * no node has held a host of the session for {@link RedisSessionBus#HELLOS_TTL}.
     */
    static String hellos(String sessionId) {
        return "baton:hellos:" + sessionId;
    }

    /** The sharded pub/sub channel of a session's committed batches. */
    static String sessionEvents(String sessionId) {
        return EVENTS_CHANNEL + sessionId;
    }

    static String sessionOfEvents(String channel) {
        return channel.substring(EVENTS_CHANNEL.length());
    }

    /** The sharded pub/sub channel of inputs for the node holding a session's host. */
    static String hostInputs(String sessionId) {
        return INPUTS_CHANNEL + sessionId;
    }

    static String sessionOfHostInputs(String channel) {
        return channel.substring(INPUTS_CHANNEL.length());
    }

    static boolean isHostInputs(String channel) {
        return channel.startsWith(INPUTS_CHANNEL);
    }

    /** The sharded pub/sub channel that tells the node holding a session's host its audience changed. */
    static String hostAudience(String sessionId) {
        return AUDIENCE_CHANNEL + sessionId;
    }

    static String sessionOfHostAudience(String channel) {
        return channel.substring(AUDIENCE_CHANNEL.length());
    }

    static boolean isHostAudience(String channel) {
        return channel.startsWith(AUDIENCE_CHANNEL);
    }

    /**
     * The sharded pub/sub channel that tells the node holding a session's host that its account's devices
     * changed, or that a host said hello on another node.
     */
    static String hostNotices(String sessionId) {
        return NOTICES_CHANNEL + sessionId;
    }

    static String sessionOfHostNotices(String channel) {
        return channel.substring(NOTICES_CHANNEL.length());
    }

    static boolean isHostNotices(String channel) {
        return channel.startsWith(NOTICES_CHANNEL);
    }

    /** Per node, the devices following the session through it (a hash, each field with its deadline). */
    static String audience(String sessionId) {
        return "baton:audience:" + sessionId;
    }

    /** Which node holds the session's host, while it does (a TTL the node refreshes). */
    static String presence(String sessionId) {
        return "baton:presence:" + sessionId;
    }

    static String inputs(String sessionId) {
        return "baton:inputs:" + sessionId;
    }

    /** The token-expiry member: token hashes are hex, so the first colon splits it again. */
    static String expiryMember(String hash, String subjectId) {
        return hash + ":" + subjectId;
    }
}
