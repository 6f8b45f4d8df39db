package dev.baton.relay.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script run often: loaded once and called by its SHA1 (EVALSHA), so each call carries only its
 * keys and arguments. Redis forgets loaded scripts when it restarts (or on SCRIPT FLUSH); a call it
 * answers with NOSCRIPT loads the script again and is sent once more.
 */
final class Script {
    private final String body;
    private volatile String sha;

    private Script(String body, String sha) {
        this.body = body;
        this.sha = sha;
    }

    static Script load(RedisCommands<String, String> redis, String body) {
        return new Script(body, redis.scriptLoad(body));
    }

    /** Runs the script for an integer answer. */
    long run(RedisCommands<String, String> redis, String[] keys, String... arguments) {
        try {
            return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, arguments);
        } catch (RedisNoScriptException forgotten) {
            sha = redis.scriptLoad(body);
            return redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, arguments);
        }
    }
}
