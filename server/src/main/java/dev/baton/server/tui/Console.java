package dev.baton.server.tui;

/** Where an interactive session reads the user's lines and prints the session's, with or without a terminal. */
sealed interface Console extends AutoCloseable permits LineEditorConsole, PlainConsole {
    /** What one read gave. */
    sealed interface Read {}

    record Line(String text) implements Read {}

    /** Ctrl-C at the prompt. */
    record Interrupted() implements Read {}

    /** Ctrl-D on an empty line, or the end of standard input. */
    record End() implements Read {}

    /** Reads one line, showing {@code prompt}. */
    Read read(String prompt);

    /** Prints whole lines from any thread, above the line being typed. */
    void print(String lines);

    /** Shows {@code prompt} instead of the current one, at once if a line is being read. */
    void prompt(String prompt);

    /** Whether the user is at a real terminal (plain consoles wait for the session before they end). */
    boolean interactive();

    @Override
    void close();
}
