package dev.baton.server.editor;

import dev.baton.protocol.ProtocolException;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.session.SessionBusyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed request into a JSON-RPC error with one clear message. LSP4J's default would put the
 * stack trace in the error's {@code data}; a client never gets one.
 */
final class ResponseErrors {
    private static final Logger log = LoggerFactory.getLogger(ResponseErrors.class);

    private ResponseErrors() {}

    static ResponseError of(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (cause) {
            case ResponseErrorException e -> e.getResponseError();
            case IllegalArgumentException e -> new ResponseError(ResponseErrorCode.InvalidParams, e.getMessage(), null);
            case NoSuchElementException e -> new ResponseError(ResponseErrorCode.InvalidParams, e.getMessage(), null);
            case ProtocolException e -> new ResponseError(ResponseErrorCode.InvalidParams, e.getMessage(), null);
            case ConfigurationException e -> new ResponseError(ResponseErrorCode.RequestFailed, e.getMessage(), null);
            case SessionBusyException e -> new ResponseError(ResponseErrorCode.RequestFailed, e.getMessage(), null);
            case IOException e -> new ResponseError(ResponseErrorCode.RequestFailed, e.getMessage(), null);
            case UncheckedIOException e -> new ResponseError(ResponseErrorCode.RequestFailed, e.getMessage(), null);
            default -> {
                log.error("A request failed unexpectedly", cause);
                yield new ResponseError(ResponseErrorCode.InternalError, "internal error: " + cause, null);
            }
        };
    }

    /** For a handler to refuse bad params. */
    static ResponseErrorException invalidParams(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
}
