package dev.baton.server.agent.loop;

import dev.baton.protocol.event.EventErrorCode;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelFailure;

/** How model failures read in the log: stable error codes and retry notices. */
final class ModelErrors {
    private ModelErrors() {}

    /** The error event's code for a failure, one of {@link EventErrorCode}. */
    static String code(ModelFailure failure) {
        EventErrorCode code =
                switch (failure) {
                    case ModelFailure.RateLimited r -> EventErrorCode.MODEL_RATE_LIMITED;
                    case ModelFailure.Overloaded o -> EventErrorCode.MODEL_OVERLOADED;
                    case ModelFailure.ServerError s -> EventErrorCode.MODEL_SERVER_ERROR;
                    case ModelFailure.Authentication a -> EventErrorCode.MODEL_AUTHENTICATION;
                    case ModelFailure.CredentialsUnavailable c -> EventErrorCode.MODEL_AUTHENTICATION;
                    case ModelFailure.BadRequest b -> EventErrorCode.MODEL_BAD_REQUEST;
                    case ModelFailure.ConnectionLost c -> EventErrorCode.MODEL_CONNECTION_LOST;
                    case ModelFailure.MalformedToolInput m -> EventErrorCode.MODEL_MALFORMED_TOOL_INPUT;
                    case ModelFailure.Cancelled c -> EventErrorCode.INTERRUPTED;
                };
        return code.wire();
    }

    static String retrying(ModelEvent.Retrying retrying, String provider) {
        long millis = retrying.delay().toMillis();
        String wait = millis < 1000 ? millis + " ms" : (millis + 999) / 1000 + " s";
        return retrying.cause().describe(provider) + " Trying again in " + wait + " (attempt "
                + (retrying.attempt() + 1) + " of " + retrying.maxAttempts() + ").";
    }
}
