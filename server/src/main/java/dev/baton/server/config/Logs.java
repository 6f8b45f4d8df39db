package dev.baton.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.LoggerFactory;

/**
 * Where the backend's log goes beyond stderr: {@code $BATON_HOME/logs/baton.log}, private like the rest
 * of {@code BATON_HOME}, shared by every backend of that home (appended to with a lock, so lines of two
 * processes never interleave mid-line) and started afresh when it grows past {@link #ROLL_AT}.
 */
public final class Logs {
    static final long ROLL_AT = 10L << 20;

    private static final String FILE_APPENDER = "baton-home";

    private Logs() {}

    /**
     * Keeps everything the loggers let through in {@code home}'s log file too. A log that cannot be kept
     * (a full disk, a read-only home) is said once on stderr and is no reason to stop the session.
     */
    public static void keepIn(BatonHome home) {
        try {
            toFile(prepare(home.logs()));
        } catch (IOException e) {
            System.err.println("baton: not keeping a log in " + home.logs() + ": " + e.getMessage());
        }
    }

    private static void toFile(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %property{PID} [%thread] %level %logger{0} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setName(FILE_APPENDER);
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setPrudent(true);
        appender.setEncoder(encoder);
        appender.start();
        context.putProperty("PID", Long.toString(ProcessHandle.current().pid()));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(FILE_APPENDER); // a second command in one JVM (tests) moves the file
        root.addAppender(appender);
    }

    /** Keeps information lines off a screen the command draws itself; warnings and errors still show. */
    public static void quietConsole() {
        ConsoleThreshold.set(Level.WARN);
    }

    /** Nothing on the console, for the time a screen owns the terminal: any byte there would tear it. */
    public static void offConsole() {
        ConsoleThreshold.set(Level.OFF);
    }

    /** Everything the loggers let through shows on stderr too. */
    public static void verboseConsole() {
        ConsoleThreshold.set(Level.ALL);
    }

    private static Path prepare(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
        }
        Path file = directory.resolve("baton.log");
        if (Files.exists(file) && Files.size(file) > ROLL_AT) {
            Files.move(file, directory.resolve("baton.log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            // Created here, private, before logback opens it: logback would create it with the umask's mode.
            Files.createFile(file);
            restrict(file, "rw-------");
        } catch (FileAlreadyExistsException kept) {
            // appended to
        }
        return file;
    }

    private static void restrict(Path path, String mode) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }
}
