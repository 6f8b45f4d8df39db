/**
 * The {@code --sandbox}: a {@link dev.baton.server.sandbox.Sandbox} (made by {@link
 * dev.baton.server.sandbox.SandboxSettings} from {@code $BATON_HOME/config.json} and the flag, checked
 * by {@link dev.baton.server.sandbox.SandboxProbe}) puts bubblewrap in front of every shell command and
 * MCP server a session starts.
 */
package dev.baton.server.sandbox;
