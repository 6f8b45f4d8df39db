/**
 * Providers behind {@link dev.baton.server.agent.model.ModelProvider}: the Anthropic Messages API
 * (from Anthropic, or from Amazon Bedrock or Google Vertex AI through the SDK's backends for them)
 * and any OpenAI-compatible chat-completions endpoint, through their official SDKs.
 *
 * <p>Build one with {@link dev.baton.server.agent.provider.ModelProviders#create} from a {@link
 * dev.baton.server.agent.config.ModelSetup.Ready} and share it: it holds a connection pool. The SDKs'
 * own retries are off; {@link dev.baton.server.agent.provider.StreamingProvider} retries under a
 * {@link dev.baton.server.agent.provider.RetryPolicy} and cancels by interrupting the virtual thread
 * that reads the stream.
 */
package dev.baton.server.agent.provider;
