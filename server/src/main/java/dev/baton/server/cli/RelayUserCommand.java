package dev.baton.server.cli;

import dev.baton.relay.auth.Accounts;
import dev.baton.relay.store.Account;
import dev.baton.relay.store.Role;
import dev.baton.relay.store.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton relay user}: the users of a relay that is not running, written straight into its store. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Manage the users of a relay: stopped, unless its state is in Redis (--store).",
        subcommands = {RelayUserCommand.Add.class, RelayUserCommand.ListUsers.class, RelayUserCommand.Passwd.class})
final class RelayUserCommand extends CommandGroup {

    /** {@code baton relay user add NAME [--org ORG] [--role owner|admin|member]}. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "Add a user: a personal account, or a member of an organization with --org.")
    static final class Add extends StoreAdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user's name.")
        String user;

        @Option(
                names = "--org",
                paramLabel = "ORG",
                description = "The organization the user belongs to (made with `baton relay org add`).")
        String org;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                description = "owner, admin or member (default: member). Only an owner manages the devices.")
        String role;

        @Override
        public Integer call() {
            Role parsed = role == null
                    ? null
                    : Role.parse(role)
                            .orElseThrow(() ->
                                    new CommandFailure("--role must be owner, admin or member, not '" + role + "'"));
            StoreLocation location = store.location(null);
            Account added = RelayAdmins.run(location, admin -> admin.accounts().addUser(user, org, parsed));
            say("Added user " + added.user() + " (" + Accounts.describeMembership(added) + ")."
                    + " `baton relay token create " + store.asArgument(location) + " --user " + added.user()
                    + "` mints its account token.");
            return 0;
        }
    }

    /** {@code baton relay user list}: one user a line. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "List the users with their organization and role.")
    static final class ListUsers extends StoreAdminCommand {
        @Override
        public Integer call() {
            List<Account> users = RelayAdmins.run(
                    store.location(null), admin -> admin.accounts().users());
            if (users.isEmpty()) {
                say("No users yet; `baton relay user add NAME` adds one.");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"USER", "ORGANIZATION", "ROLE"});
                for (Account user : users) {
                    rows.add(new String[] {
                        user.user(),
                        user.personal() ? "(personal)" : user.org(),
                        user.effectiveRole().wire()
                    });
                }
                sayTable(rows);
            }
            return 0;
        }
    }

    /**
     * {@code baton relay user passwd NAME}: the password the user signs in with on the relay's web page. It
     * is read twice from the terminal, or once from stdin when that is not a terminal; never from a flag,
     * which would leave it in the shell's history and the process list.
     */
    @Command(
            name = "passwd",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "Set a user's password for signing in on the relay's web page (read from the terminal,"
                    + " or from stdin).")
    static final class Passwd extends StoreAdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user's name.")
        String user;

        @Override
        public Integer call() {
            StoreLocation location = store.location(null);
            RelayAdmins.run(location, admin -> {
                if (admin.accounts().users().stream()
                        .noneMatch(account -> account.user().equals(user))) {
                    throw new IllegalArgumentException(
                            "no user " + user + "; add it first with `baton relay user add " + user + "`");
                }
                admin.accounts().setPassword(user, PasswordInput.read(user));
                return null;
            });
            // Each sign-in reads the password from the store: on Redis every running node sees it at once,
            // while an embedded store is only writable with its relay stopped.
            String when = location instanceof StoreLocation.Redis
                    ? "It takes effect at once on every relay using this store"
                    : "It takes effect when the relay next starts";
            say("Set the password of " + user + ". " + when + "; " + user + " signs in at the relay's /login page.");
            return 0;
        }
    }
}
