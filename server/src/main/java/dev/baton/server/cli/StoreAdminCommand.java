package dev.baton.server.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A {@code baton relay …} admin command: it works on a relay's store ({@code --store} or a data directory)
 * rather than on a running relay, and answers with a few lines for a person or a script.
 */
abstract class StoreAdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RelayStoreOptions store;

    /** Prints {@code line} at once: the JVM may exit before a buffered writer would be flushed. */
    final void say(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }

    /** Prints {@code rows} (the first is the header) as aligned columns. */
    final void sayTable(List<String[]> rows) {
        PrintWriter out = spec.commandLine().getOut();
        RelayAdmins.printTable(out, rows);
        out.flush();
    }
}
