package dev.baton.server.cli;

import dev.baton.relay.Relay;
import dev.baton.relay.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton relay token}: tokens minted offline, straight into a relay's store. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Manage account tokens of a relay: stopped, unless its state is in Redis (--store).",
        subcommands = RelayTokenCommand.Create.class)
final class RelayTokenCommand extends CommandGroup {

    /** {@code baton relay token create}: prints only the new token, so scripts can capture it. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "Create an account (if new) and print a new account token for it.")
    static final class Create extends StoreAdminCommand {
        @Option(names = "--user", required = true, paramLabel = "NAME", description = "The account's user name.")
        String user;

        @Override
        public Integer call() {
            String token;
            try {
                token = Relay.createAccountToken(store.location(null), user);
            } catch (StoreException e) {
                throw RelayStoreOptions.failure(e);
            } catch (IllegalStateException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
            say(token);
            return 0;
        }
    }
}
