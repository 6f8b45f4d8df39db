/**
 * Reads a shell line without running it, to tell what programs it would start: {@link
 * dev.baton.server.agent.permission.shell.ShellLexer} (words and operators with {@code sh} quoting),
 * {@link dev.baton.server.agent.permission.shell.ShellParser} (every simple command, nested ones
 * included), {@link dev.baton.server.agent.permission.shell.CommandUnwrapper} (the programs behind
 * wrappers), and {@link dev.baton.server.agent.permission.shell.ShellLine}, which ties them together and
 * says whether the line was read with certainty.
 */
package dev.baton.server.agent.permission.shell;
