package dev.baton.server.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts a sandboxed process may reach through Baton's proxy ({@code sandbox.network.allowedDomains}):
 * {@code example.com} allows that host only, {@code *.example.com} every host below it (not {@code
 * example.com} itself). Case does not matter, nor a trailing dot. Entries are host names, never IP
 * addresses; a host that is not a name (an IP literal) is allowed by no entry.
 */
public record DomainAllowList(List<String> entries) {
    public static final DomainAllowList NONE = new DomainAllowList(List.of());

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    /** An IPv4 address, or an IPv6 one (bracketed or not). */
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|\\[?[0-9a-f]*:[0-9a-f:.]*]?");

    private static final int NAME_LIMIT = 253;

    /** @throws IllegalArgumentException naming the first entry that is not a host name or wildcard */
    public DomainAllowList {
        for (String written : entries) {
            problem(normalize(written)).ifPresent(problem -> {
                throw new IllegalArgumentException("\"" + written.strip() + "\" " + problem);
            });
        }
        entries = entries.stream().map(DomainAllowList::normalize).toList();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether {@code host} (a name as a client gave it) is one of the allowed hosts. */
    public boolean allows(String host) {
        String name = normalize(host);
        if (name.isEmpty() || !isName(name)) {
            return false;
        }
        for (String entry : entries) {
            if (entry.startsWith("*.")) {
                String parent = entry.substring(1); // ".example.com"
                if (name.endsWith(parent) && name.length() > parent.length()) {
                    return true;
                }
            } else if (name.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong with {@code entry} as an allow-list entry, or empty when it is fine. */
    static Optional<String> problem(String entry) {
        String name = entry.startsWith("*.") ? entry.substring(2) : entry;
        if (name.isEmpty()) {
            return Optional.of("is not a host name");
        }
        if (name.contains("*")) {
            return Optional.of("is not a host name (a wildcard is only allowed as a leading \"*.\")");
        }
        if (!isName(name)) {
            return Optional.of(
                    IP_ADDRESS.matcher(name).matches()
                            ? "is an IP address; only host names are allowed"
                            : "is not a host name");
        }
        return Optional.empty();
    }

    /** Letters, digits and inner hyphens in dot-separated labels, and a last label that is not all digits. */
    private static boolean isName(String name) {
        if (name.length() > NAME_LIMIT) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !ALL_DIGITS.matcher(labels[labels.length - 1]).matches();
    }

    private static String normalize(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
