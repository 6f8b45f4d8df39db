package dev.baton.relay.store.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * MULTI/EXEC on a connection of its own, one transaction at a time: on the shared connection another
 * thread's commands would slip into the transaction (Lettuce's advice is a dedicated connection).
 */
final class Transactions implements AutoCloseable {
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final ReentrantLock lock = new ReentrantLock();

    Transactions(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
        this.commands = connection.sync();
    }

    /**
     * Queues {@code writes} (each returns null inside the transaction) and applies them all at once. Redis
     * applies the rest of a transaction when one command is refused; the refusal is thrown here.
     */
    void run(Consumer<RedisCommands<String, String>> writes) {
        lock.lock();
        try {
            commands.multi();
            try {
                writes.accept(commands);
            } catch (RuntimeException e) {
                commands.discard();
                throw e;
            }
            TransactionResult result = commands.exec();
            if (result.wasDiscarded()) {
                throw new IllegalStateException("Redis discarded a transaction of the relay store");
            }
            for (Object answer : result) {
                if (answer instanceof RedisCommandExecutionException refused) {
                    throw refused;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
