/**
 * The {@code --sandbox}: a {@link dev.baton.server.sandbox.Sandbox} (made by {@link
 * dev.baton.server.sandbox.SandboxSettings} from {@code $BATON_HOME/config.json} and the flag, checked
 * by {@link dev.baton.server.sandbox.SandboxProbe}) puts bubblewrap in front of every shell command and
 * MCP server a session starts. The network is none, or with {@code sandbox.network.allowedDomains} the
 * hosts a {@link dev.baton.server.sandbox.DomainAllowList} allows, reached through the session's
 * {@link dev.baton.server.sandbox.NetworkProxy} (started and closed by a {@link
 * dev.baton.server.sandbox.SessionNetwork}) on a Unix socket that {@code socat} forwards to inside.
 */
package dev.baton.server.sandbox;
