package dev.baton.server.cli;

import dev.baton.relay.store.Account;
import dev.baton.relay.store.Organization;
import dev.baton.relay.store.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton relay org}: organizations and their Remote Control policy, for a relay that is not running. */
@Command(
        name = "org",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Manage the organizations of a relay: stopped, unless its state is in Redis (--store).",
        subcommands = {RelayOrgCommand.Add.class, RelayOrgCommand.SetPolicy.class, RelayOrgCommand.ListOrgs.class})
final class RelayOrgCommand extends CommandGroup {

    /** How a policy reads in the list and after a change. */
    static String policy(Organization org) {
        String state = org.remoteControlOn() ? "on" : org.remoteControl() == null ? "not enabled yet" : "off";
        return org.locked() ? state + ", locked" : state;
    }

    /** {@code baton relay org add NAME}: Remote Control stays off until an admin turns it on. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "Add an organization. Its Remote Control is off until turned on with `org set`.")
    static final class Add extends StoreAdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The organization's name.")
        String name;

        @Override
        public Integer call() {
            StoreLocation location = store.location(null);
            Organization org =
                    RelayAdmins.run(location, admin -> admin.accounts().addOrganization(name));
            say("Added organization " + org.name() + ". Remote Control is off for its users until an admin"
                    + " runs `baton relay org set " + store.asArgument(location) + " " + org.name()
                    + " --remote-control on`.");
            return 0;
        }
    }

    /** {@code baton relay org set NAME --remote-control on|off [--lock|--unlock]}. */
    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "Change an organization's Remote Control policy.")
    static final class SetPolicy extends StoreAdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The organization's name.")
        String name;

        @Option(
                names = "--remote-control",
                paramLabel = "on|off",
                description = "Let the organization's users start Remote Control, or not.")
        String remoteControl;

        @Option(
                names = "--lock",
                description = "Compliance lock: turn Remote Control off and refuse to turn it on until --unlock.")
        boolean lock;

        @Option(names = "--unlock", description = "Lift the compliance lock; Remote Control stays off until turned on.")
        boolean unlock;

        @Override
        public Integer call() {
            if (lock && unlock) {
                throw new CommandFailure("--lock and --unlock cannot be used together");
            }
            Boolean on = remoteControl == null ? null : onOff(remoteControl);
            Boolean locking = lock ? Boolean.TRUE : unlock ? Boolean.FALSE : null;
            Organization org = RelayAdmins.run(
                    store.location(null), admin -> admin.accounts().setOrganization(name, on, locking));
            say("Organization " + org.name() + ": Remote Control " + policy(org) + ".");
            return 0;
        }

        private static boolean onOff(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new CommandFailure("--remote-control must be on or off, not '" + value + "'");
            };
        }
    }

    /** {@code baton relay org list}: one organization a line, with its policy and how many users it has. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = ManifestVersion.class,
            description = "List the organizations with their Remote Control policy.")
    static final class ListOrgs extends StoreAdminCommand {
        @Override
        public Integer call() {
            record Listing(List<Organization> orgs, Map<String, Long> users) {}
            Listing listing = RelayAdmins.run(
                    store.location(null),
                    admin -> new Listing(
                            admin.accounts().organizations(),
                            admin.accounts().users().stream()
                                    .filter(user -> !user.personal())
                                    .collect(Collectors.groupingBy(Account::org, Collectors.counting()))));
            if (listing.orgs().isEmpty()) {
                say("No organizations yet; `baton relay org add NAME` adds one.");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ORGANIZATION", "REMOTE CONTROL", "USERS"});
                for (Organization org : listing.orgs()) {
                    rows.add(new String[] {
                        org.name(), policy(org), String.valueOf(listing.users().getOrDefault(org.name(), 0L))
                    });
                }
                sayTable(rows);
            }
            return 0;
        }
    }
}
