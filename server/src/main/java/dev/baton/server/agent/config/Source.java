package dev.baton.server.agent.config;

/** Where a configuration value came from, for {@code baton config} and for error messages. */
public record Source(Kind kind, String where) {
    public enum Kind {
        DEFAULT,
        USER_FILE,
        PROJECT_FILE,
        ENVIRONMENT
    }

    public static final Source DEFAULT = new Source(Kind.DEFAULT, "default");

    public static Source environment(String variable) {
        return new Source(Kind.ENVIRONMENT, variable);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default";
            case USER_FILE, PROJECT_FILE -> where;
            case ENVIRONMENT -> "environment variable " + where;
        };
    }
}
