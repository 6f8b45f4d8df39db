package dev.baton.protocol.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.baton.protocol.Nullable;

/** Something a surface asks the session to do. It travels with a client-made {@code inputId}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(Input.Message.class),
    @JsonSubTypes.Type(Input.Permission.class),
    @JsonSubTypes.Type(Input.Interrupt.class),
    @JsonSubTypes.Type(Input.Rename.class),
    @JsonSubTypes.Type(Input.Command.class),
})
public sealed interface Input {

    /** Text that starts with {@code /} is a slash command, with {@code !} a shell command. */
    @JsonTypeName("message")
    record Message(String text) implements Input {}

    /**
     * @param remember for {@link Decision#ALLOW_ALWAYS} only: {@code "session"} (the default, when
     *     null) or {@code "project"} (also written as a rule to the project's {@code
     *     .baton/settings.json})
     */
    @JsonTypeName("permission")
    record Permission(String requestId, Decision decision, @Nullable String remember) implements Input {
        public static final String REMEMBER_SESSION = "session";
        public static final String REMEMBER_PROJECT = "project";

        public Permission(String requestId, Decision decision) {
            this(requestId, decision, null);
        }
    }

    @JsonTypeName("interrupt")
    record Interrupt() implements Input {}

    @JsonTypeName("rename")
    record Rename(String title) implements Input {}

    @JsonTypeName("command")
    record Command(String name, String args) implements Input {}
}
