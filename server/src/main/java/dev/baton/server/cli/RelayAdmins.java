package dev.baton.server.cli;

import dev.baton.relay.RelayAdmin;
import dev.baton.relay.store.StoreException;
import dev.baton.relay.store.StoreLocation;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/** What the {@code baton relay user|org} commands share: the store opened once, refusals as one line. */
final class RelayAdmins {
    private RelayAdmins() {}

    /**
     * Runs {@code work} on the relay's store; a refusal or a relay holding the directory is a
     * {@link CommandFailure}, a store that cannot be opened one with its code and exit 2.
     */
    static <T> T run(StoreLocation store, Function<RelayAdmin, T> work) {
        try (RelayAdmin admin = RelayAdmin.open(store)) {
            return work.apply(admin);
        } catch (StoreException e) {
            throw RelayStoreOptions.failure(e);
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
