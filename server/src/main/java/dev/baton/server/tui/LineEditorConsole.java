package dev.baton.server.tui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * At a terminal: JLine's line editor with history kept in a private file and completion of slash command
 * names. Lines from the session go through {@link LineReader#printAbove}, so they never garble what the user
 * is typing, folded between words to the terminal's width.
 */
final class LineEditorConsole implements Console {
    /** The session's commands (see the session's /help), with the terminal's short /rc. */
    static final List<String> SLASH_COMMANDS =
            List.of("/help", "/rename", "/status", "/clear", "/config", "/remote-control", "/rc", "/mobile");

    private final Terminal terminal;
    private final LineReader reader;

    private LineEditorConsole(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    static LineEditorConsole open(Terminal terminal, Path historyFile) {
        privateFile(historyFile);
        // Between two reads (a line just sent) Ctrl-C would end the JVM; while reading, JLine turns it into
        // Interrupted, which is what the user meant.
        terminal.handle(Terminal.Signal.INT, signal -> {});
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("baton")
                .variable(LineReader.HISTORY_FILE, historyFile)
                .completer((line, parsed, candidates) -> {
                    if (parsed.wordIndex() == 0 && parsed.word().startsWith("/")) {
                        SLASH_COMMANDS.forEach(name -> candidates.add(new Candidate(name)));
                    }
                })
                .build();
        return new LineEditorConsole(terminal, reader);
    }

    /** The history holds what the user typed, so only they may read it. */
    private static void privateFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the history file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Read read(String prompt) {
        try {
            return new Line(reader.readLine(prompt));
        } catch (UserInterruptException e) {
            return new Interrupted();
        } catch (EndOfFileException e) {
            return new End();
        }
    }

    @Override
    public void print(String lines) {
        reader.printAbove(LineFolding.fold(lines, terminal.getWidth()));
    }

    @Override
    public void prompt(String prompt) {
        if (reader instanceof LineReaderImpl editor) {
            editor.setPrompt(prompt);
        }
        if (reader.isReading()) {
            try {
                reader.callWidget(LineReader.REDRAW_LINE);
                reader.callWidget(LineReader.REDISPLAY);
            } catch (IllegalStateException notReadingAnyMore) {
                // The line was accepted meanwhile; the next read shows the new prompt.
            }
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the terminal: " + e.getMessage(), e);
        }
    }
}
