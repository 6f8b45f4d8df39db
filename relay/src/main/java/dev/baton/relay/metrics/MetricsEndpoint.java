package dev.baton.relay.metrics;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.ErrorBody;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}, served only on the metrics listener ({@code --metrics-port}), which answers
 * nothing else; the public listener never serves it. Metrics say how busy a relay is and when it is
 * struggling, which is nobody's business outside the operator's network, so they are kept off the
 * public port rather than guarded by yet another token to mint, rotate and keep out of logs.
 */
public final class MetricsEndpoint extends Handler.Wrapper {
    private final Connector listener;
    private final RelayMetrics metrics;

    /** @param listener the metrics listener; requests from any other connector go to {@code next} */
    public MetricsEndpoint(Connector listener, RelayMetrics metrics, Handler next) {
        super(next);
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() != listener) {
            return super.handle(request, response, callback);
        }
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (read && Request.getPathInContext(request).equals("/metrics")) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, RelayMetrics.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(response, true, metrics.scrape(), callback);
        } else {
            response.setStatus(404);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(
                    response,
                    true,
                    Json.write(ErrorBody.of(ErrorCode.NOT_FOUND, "this listener serves only GET /metrics")),
                    callback);
        }
        return true;
    }
}
