package dev.baton.server.cli;

import dev.baton.relay.Relay;
import dev.baton.relay.store.StoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton relay token}: tokens minted offline, straight into a relay's store. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Manage account tokens of a relay that is not running.",
        subcommands = RelayTokenCommand.Create.class)
final class RelayTokenCommand extends CommandGroup {

    /** {@code baton relay token create}: prints only the new token, so scripts can capture it. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "Create an account (if new) and print a new account token for it.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RelayStoreOptions store;

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
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
