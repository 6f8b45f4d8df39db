package dev.baton.relay.http;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.ErrorBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (a malformed request line, headers or URI too long, bad UTF-8) leave as
 * the protocol's JSON error body instead of Jetty's HTML page. The message is a fixed sentence per
 * status: Jetty's own text may quote the request, and the request may carry a token.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, body(status), callback);
    }

    /** Called when the request could not even be parsed, so there is no request to answer through. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return body(status);
    }

    static ByteBuffer body(int status) {
        ErrorBody body = ErrorBody.of(code(status), sentence(status));
        return ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static ErrorCode code(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413, 414, 431 -> ErrorCode.TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 500, 502, 503, 504 -> ErrorCode.INTERNAL;
                // 501 and 505 answer a request line that is not HTTP the relay speaks: the client's fault.
            default -> ErrorCode.BAD_REQUEST;
        };
    }

    private static String sentence(int status) {
        return switch (status) {
            case 400 -> "malformed HTTP request (bad request line, header or URI encoding)";
            case 413 -> "request body larger than the relay accepts";
            case 414 -> "request URI longer than the relay accepts";
            case 431 -> "request headers larger than the relay accepts";
            default -> "HTTP " + status + " " + HttpStatus.getMessage(status);
        };
    }
}
