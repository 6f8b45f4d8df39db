package dev.baton.server.tui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Without a terminal: lines from standard input, plain lines to standard output, no prompt. */
final class PlainConsole implements Console {
    private final BufferedReader in;
    private final PrintWriter out;

    PlainConsole(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Read read(String prompt) {
        try {
            String line = in.readLine();
            return line == null ? new End() : new Line(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void print(String lines) {
        out.println(lines);
        out.flush();
    }

    @Override
    public void prompt(String prompt) {}

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void close() {
        out.flush();
    }
}
