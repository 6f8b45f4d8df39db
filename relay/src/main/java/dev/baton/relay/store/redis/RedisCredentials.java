package dev.baton.relay.store.redis;

import static dev.baton.relay.store.redis.RedisKeys.TOKEN_EXPIRY;

import dev.baton.protocol.Json;
import dev.baton.relay.store.TicketRecord;
import dev.baton.relay.store.TokenRecord;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Redis store's tokens and tickets: each a key that Redis expires by its own clock, with the
 * indexes (a subject's tokens, every token's expiry) that let the relay revoke and purge them too.
 */
final class RedisCredentials {
    private static final String TICKET_RECORD = "record";
    /** HSETNX answers 1 only to the first redeemer; it leaves the key's expiry alone. */
    private static final String USE_TICKET =
            """
            local record = redis.call('HGET', KEYS[1], 'record')
            if not record then return {} end
            return {record, redis.call('HSETNX', KEYS[1], 'used', '1')}
            """;

    private final RedisCommands<String, String> redis;
    private final Transactions transactions;

    RedisCredentials(RedisCommands<String, String> redis, Transactions transactions) {
        this.redis = redis;
        this.transactions = transactions;
    }

    /**
     * The token's key expires with the token; the subject's index lives as long as its longest token
     * (NX sets the first expiry, GT only ever extends it), and the expiry index lets the relay's own
     * clock purge too.
     */
    void putToken(TokenRecord token) {
        long expiresAt = token.expiresAt().toEpochMilli();
        String index = RedisKeys.tokensOf(token.subjectId());
        transactions.run(tx -> {
            tx.set(RedisKeys.token(token.hash()), Json.write(token), SetArgs.Builder.pxAt(expiresAt));
            tx.sadd(index, token.hash());
            tx.pexpireat(index, expiresAt, ExpireArgs.Builder.nx());
            tx.pexpireat(index, expiresAt, ExpireArgs.Builder.gt());
            tx.zadd(TOKEN_EXPIRY, expiresAt, RedisKeys.expiryMember(token.hash(), token.subjectId()));
        });
    }

    Optional<TokenRecord> token(String hash) {
        return Optional.ofNullable(redis.get(RedisKeys.token(hash))).map(json -> Json.decode(json, TokenRecord.class));
    }

    /** GETDEL is the single step: of any number of concurrent takers, exactly one gets the record. */
    Optional<TokenRecord> takeToken(String hash) {
        Optional<TokenRecord> taken = Optional.ofNullable(redis.getdel(RedisKeys.token(hash)))
                .map(json -> Json.decode(json, TokenRecord.class));
        taken.ifPresent(token -> transactions.run(tx -> {
            tx.srem(RedisKeys.tokensOf(token.subjectId()), hash);
            tx.zrem(TOKEN_EXPIRY, RedisKeys.expiryMember(hash, token.subjectId()));
        }));
        return taken;
    }

    void deleteTokensOf(String subjectId) {
        String index = RedisKeys.tokensOf(subjectId);
        Set<String> hashes = redis.smembers(index);
        transactions.run(tx -> {
            for (String hash : hashes) {
                tx.del(RedisKeys.token(hash));
                tx.zrem(TOKEN_EXPIRY, RedisKeys.expiryMember(hash, subjectId));
            }
            tx.del(index);
        });
    }

    /** Redis expires tokens by its own clock; this purges by the relay's, and tidies the indexes. */
    void deleteExpiredTokens(Instant now) {
        List<String> expired =
                redis.zrangebyscore(TOKEN_EXPIRY, Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()));
        if (expired.isEmpty()) {
            return;
        }
        transactions.run(tx -> {
            for (String member : expired) {
                int colon = member.indexOf(':');
                String hash = member.substring(0, colon);
                tx.del(RedisKeys.token(hash));
                tx.srem(RedisKeys.tokensOf(member.substring(colon + 1)), hash);
                tx.zrem(TOKEN_EXPIRY, member);
            }
        });
    }

    /**
     * A hash with the record (as minted, unused) and, once redeemed, a {@code used} field; the key
     * expires by Redis's clock at {@link TicketRecord#forgetAt}.
     */
    void putTicket(TicketRecord ticket) {
        String key = RedisKeys.ticket(ticket.hash());
        transactions.run(tx -> {
            tx.hset(key, TICKET_RECORD, Json.write(ticket));
            tx.pexpireat(key, ticket.forgetAt().toEpochMilli());
        });
    }

    /** One script, so reading the ticket and marking it used is a single step for every node. */
    Optional<TicketRecord> useTicket(String hash) {
        List<Object> answer = redis.eval(USE_TICKET, ScriptOutputType.MULTI, RedisKeys.ticket(hash));
        if (answer == null || answer.isEmpty()) {
            return Optional.empty();
        }
        TicketRecord ticket = Json.decode((String) answer.get(0), TicketRecord.class);
        boolean markedNow = ((Long) answer.get(1)) == 1L;
        return Optional.of(markedNow ? ticket : ticket.spent());
    }
}
