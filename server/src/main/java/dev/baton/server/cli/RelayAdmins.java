package dev.baton.server.cli;

import dev.baton.relay.RelayAdmin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** What the {@code baton relay user|org} commands share: the store opened once, refusals as one line. */
final class RelayAdmins {
    private RelayAdmins() {}

    /** Runs {@code work} on the relay's store; a refusal or a relay holding the directory is a {@link CommandFailure}. */
    static <T> T run(Path dataDir, Function<RelayAdmin, T> work) {
        try (RelayAdmin admin = RelayAdmin.open(dataDir)) {
            return work.apply(admin);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /** Left-aligned columns two spaces apart. */
    static void printTable(PrintWriter out, List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
