package dev.baton.server.agent.loop;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the permission flow asks of the permission rules: whether a rule already decides a call, and
 * remembering "Always allow". Kept this narrow so that a turn can be tested without a project file.
 */
public interface PermissionRules {
    enum Ruling {
        ALLOW,
        DENY
    }

    /** The ruling of the rules for a call of {@code tool} on {@code subject}; empty when a person must decide. */
    Optional<Ruling> ruling(String tool, String subject);

    /**
     * Remembers an "Always allow" answer for calls like this one, for the rest of the session, and also
     * in the project's settings when {@code inProject}.
     *
     * @throws IOException when the project's settings cannot be written
     */
    void allowAlways(String tool, String subject, boolean inProject) throws IOException;

    /** Rules held only in memory: nothing is decided until someone answers "Always allow". */
    static PermissionRules sessionOnly() {
        Set<String> allowed = ConcurrentHashMap.newKeySet();
        return new PermissionRules() {
            @Override
            public Optional<Ruling> ruling(String tool, String subject) {
                return allowed.contains(tool + "\u0000" + subject) ? Optional.of(Ruling.ALLOW) : Optional.empty();
            }

            @Override
            public void allowAlways(String tool, String subject, boolean inProject) {
                allowed.add(tool + "\u0000" + subject);
            }
        };
    }
}
