/**
 * The model configuration: {@link dev.baton.server.agent.config.ModelConfigLoader} resolves it from
 * the environment, the project's {@code .baton/settings.json} and {@code $BATON_HOME/config.json};
 * {@link dev.baton.server.agent.config.ConfigReport} renders it for {@code baton config}.
 */
package dev.baton.server.agent.config;
