/**
 * The provider-neutral model API: what the agent loop sends to a model and what streams back.
 *
 * <p>One turn: build a {@link dev.baton.server.agent.model.ModelRequest} from the conversation, call
 * {@link dev.baton.server.agent.model.ModelProvider#stream} on the turn's thread with a {@link
 * dev.baton.server.agent.model.Cancellation} that an interrupt triggers, forward each {@link
 * dev.baton.server.agent.model.ModelEvent.TextDelta} to the surfaces, and append the returned {@link
 * dev.baton.server.agent.model.ModelResponse#message()} to the conversation. When it stopped for
 * {@link dev.baton.server.agent.model.StopReason#TOOL_USE}, run the tools and send their {@link
 * dev.baton.server.agent.model.ContentBlock.ToolResult}s back in the next request as a user message.
 * Failures arrive as one checked {@link dev.baton.server.agent.model.ModelException} whose {@link
 * dev.baton.server.agent.model.ModelFailure} says what went wrong and whose message is fit for a user.
 */
package dev.baton.server.agent.model;
