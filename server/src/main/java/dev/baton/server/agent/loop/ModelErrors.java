package dev.baton.server.agent.loop;

import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelFailure;

/** How model failures read in the log: stable error codes and retry notices. */
final class ModelErrors {
    private ModelErrors() {}

    static String code(ModelFailure failure) {
        return switch (failure) {
            case ModelFailure.RateLimited r -> "model_rate_limited";
            case ModelFailure.Overloaded o -> "model_overloaded";
            case ModelFailure.ServerError s -> "model_server_error";
            case ModelFailure.Authentication a -> "model_authentication";
            case ModelFailure.CredentialsUnavailable c -> "model_authentication";
            case ModelFailure.BadRequest b -> "model_bad_request";
            case ModelFailure.ConnectionLost c -> "model_connection_lost";
            case ModelFailure.MalformedToolInput m -> "model_malformed_tool_input";
            case ModelFailure.Cancelled c -> "interrupted";
        };
    }

    static String retrying(ModelEvent.Retrying retrying, String provider) {
        long millis = retrying.delay().toMillis();
        String wait = millis < 1000 ? millis + " ms" : (millis + 999) / 1000 + " s";
        return retrying.cause().describe(provider) + " Trying again in " + wait + " (attempt "
                + (retrying.attempt() + 1) + " of " + retrying.maxAttempts() + ").";
    }
}
