package dev.baton.relay.metrics;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;

/** Counts the answers of the public listener by status class. */
public final class StatusCounter extends EventsHandler {
    private final RelayMetrics metrics;

    public StatusCounter(RelayMetrics metrics, Handler next) {
        super(next);
        this.metrics = metrics;
    }

    @Override
    protected void onComplete(Request request, int status, HttpFields headers, Throwable failure) {
        metrics.answered(status);
    }
}
