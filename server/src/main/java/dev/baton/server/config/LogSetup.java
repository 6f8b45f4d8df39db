package dev.baton.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * Logback's configuration, in code rather than a logback.xml: reading XML took about a quarter of
 * {@code baton lsp}'s start (the JDK's XML parser and logback's Joran loaded for one small file). Logs
 * go to stderr, never stdout (the editor protocol and JSON lines own it), and, once a command knows its
 * {@code BATON_HOME}, to its log file too ({@link Logs}). Baton's own messages at info, libraries only
 * when something is wrong. Found by logback through {@code META-INF/services}.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        // Logback's own status messages (a log file it cannot open, say) would otherwise reach the console.
        context.getStatusManager().add(new NopStatusListener());

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} [%thread] %level %logger{0} - %msg%n");
        encoder.start();
        ConsoleThreshold threshold = new ConsoleThreshold();
        threshold.setContext(context);
        threshold.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.addFilter(threshold);
        console.start();

        context.getLogger("dev.baton").setLevel(Level.INFO);
        // The MCP SDK warns about every server stopped with a signal and every call cut short at close;
        // both are expected when a session ends, and a real failure reaches the session as a notice.
        context.getLogger("io.modelcontextprotocol").setLevel(Level.ERROR);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
