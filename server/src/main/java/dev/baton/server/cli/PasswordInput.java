package dev.baton.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a new password: twice without echo on a terminal, else one line of stdin (for scripts). */
final class PasswordInput {
    private PasswordInput() {}

    static String read(String user) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] first = console.readPassword("New password for %s: ", user);
            char[] second = console.readPassword("Repeat the password: ");
            try {
                if (first == null || second == null) {
                    throw new CommandFailure("no password entered; nothing changed");
                }
                if (!Arrays.equals(first, second)) {
                    throw new CommandFailure("the two passwords differ; nothing changed");
                }
                return new String(first);
            } finally {
                if (first != null) {
                    Arrays.fill(first, ' ');
                }
                if (second != null) {
                    Arrays.fill(second, ' ');
                }
            }
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailure("no password on stdin (give it as one line); nothing changed");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from stdin", e);
        }
    }

    /**
     * From Java 22 {@link System#console()} is there even when stdin is redirected; {@code isTerminal()} then
     * tells. Java 21 has no such method but returns no console at all in that case.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException java21) {
            return true;
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
