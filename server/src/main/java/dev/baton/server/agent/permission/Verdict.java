package dev.baton.server.agent.permission;

/** What the permission rules decide about a call when they decide it at all. */
public enum Verdict {
    ALLOW,
    DENY
}
