package dev.baton.relay.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do in their organization. Only an owner manages the account's devices (lists, revokes,
 * pairs new ones); a personal account is the owner of itself.
 */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String wire) {
        return parse(wire).orElse(MEMBER); // an unknown role grants nothing
    }

    /** {@code owner}, {@code admin} or {@code member}, in any case. */
    public static Optional<Role> parse(String text) {
        return Arrays.stream(values())
                .filter(role -> role.wire().equalsIgnoreCase(text == null ? "" : text.strip()))
                .findFirst();
    }
}
