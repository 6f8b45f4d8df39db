package dev.baton.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * The console's share of the log: everything the loggers let through by default, only warnings and
 * errors once a command with a screen of its own says so ({@link Logs#quietConsole}). One process-wide
 * level, because there is one console.
 */
public final class ConsoleThreshold extends Filter<ILoggingEvent> {
    private static volatile Level threshold = Level.ALL;

    static void set(Level level) {
        threshold = level;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
