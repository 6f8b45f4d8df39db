package dev.baton.server.agent.provider;

import com.anthropic.backends.Backend;
import com.anthropic.bedrock.backends.BedrockBackend;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;
import java.io.InputStream;

/**
 * The SDK's {@link BedrockBackend} for requests (model in the path, Bedrock's body, SigV4 or API
 * key), with Bedrock's streamed answers translated on the reading thread by {@link EventStreamAsSse}.
 *
 * <p>{@code BedrockBackend.prepareResponse} (SDK 2.15.0) copies the AWS event stream into a pipe on
 * a thread of its own. That thread keeps the connection after a cancelled answer until the server
 * sends again, prints a stack trace to stderr when the connection breaks (the reader only sees the
 * stream end), and dies on Bedrock's {@code exception} messages, which carry no {@code bytes}. Read
 * here instead, the answer is cancelled by interrupting the reader like every other provider's, a
 * broken connection reaches the reader as the {@code IOException} it is, and an exception message
 * becomes the Anthropic {@code error} event it stands for.
 */
final class BedrockEventStreamBackend implements Backend {
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final BedrockBackend bedrock;

    BedrockEventStreamBackend(BedrockBackend bedrock) {
        this.bedrock = bedrock;
    }

    @Override
    public String baseUrl() {
        return bedrock.baseUrl();
    }

    @Override
    public HttpRequest prepareRequest(HttpRequest request) {
        return bedrock.prepareRequest(request);
    }

    @Override
    public HttpRequest authorizeRequest(HttpRequest request) {
        return bedrock.authorizeRequest(request);
    }

    @Override
    public HttpResponse prepareResponse(HttpResponse response) {
        if (!response.headers().values("content-type").contains(EVENT_STREAM)) {
            return bedrock.prepareResponse(response); // an error or a whole answer: JSON, left as it is
        }
        InputStream sse = new EventStreamAsSse(response.body());
        Headers headers = response.headers().toBuilder()
                .replace("content-type", "text/event-stream; charset=utf-8")
                .build();
        return new HttpResponse() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public InputStream body() {
                return sse;
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    @Override
    public void close() {
        bedrock.close();
    }
}
