package dev.baton.relay.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;

/**
 * Which records of one map belong to which account, as sorted keys {@code accountId NUL recordId}, so
 * listing an account's sessions or devices reads only that account's records instead of decoding
 * every record on the relay.
 */
final class AccountIndex {
    private static final char SEPARATOR = '\0';

    private final MVMap<String, String> keys;

    private AccountIndex(MVMap<String, String> keys) {
        this.keys = keys;
    }

    /**
     * Opens the index, and builds it from {@code records} when it is missing: a data directory
     * written before the index existed gets one on its first open. The records are only read then, so
     * an ordinary start does not decode every session and device.
     */
    static <T> AccountIndex open(
            MVMap<String, String> keys,
            Supplier<List<T>> records,
            Function<T, String> accountOf,
            Function<T, String> idOf) {
        AccountIndex index = new AccountIndex(keys);
        if (keys.isEmpty()) {
            records.get().forEach(record -> index.add(accountOf.apply(record), idOf.apply(record)));
        }
        return index;
    }

    void add(String accountId, String id) {
        keys.putIfAbsent(accountId + SEPARATOR + id, "");
    }

    void remove(String accountId, String id) {
        keys.remove(accountId + SEPARATOR + id);
    }

    List<String> idsOf(String accountId) {
        String prefix = accountId + SEPARATOR;
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = keys.keyIterator(prefix); it.hasNext(); ) {
            String key = it.next();
            if (!key.startsWith(prefix)) {
                break;
            }
            ids.add(key.substring(prefix.length()));
        }
        return ids;
    }
}
