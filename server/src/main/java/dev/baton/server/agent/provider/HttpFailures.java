package dev.baton.server.agent.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.agent.model.ModelFailure;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/** Turns what an API said when it failed (status, error body, headers) into a {@link ModelFailure}. */
final class HttpFailures {
    private HttpFailures() {}

    /**
     * @param status the HTTP status; for an error event inside a stream, whatever the SDK reports
     * @param body the error body, in either API's shape; may be null
     * @param header the first value of a response header, by name
     */
    static ModelFailure of(int status, JsonNode body, Function<String, Optional<String>> header) {
        JsonNode error = body == null ? null : body.has("error") ? body.get("error") : body;
        String type = error == null ? "" : error.path("type").asText("");
        String detail = error == null ? null : error.path("message").asText(null);
        Optional<Duration> retryAfter = retryAfter(header);
        if (status == 529 || type.equals("overloaded_error")) {
            return new ModelFailure.Overloaded(retryAfter);
        }
        if (status == 429 || type.equals("rate_limit_error")) {
            return new ModelFailure.RateLimited(retryAfter);
        }
        if (status == 401 || status == 403 || type.equals("authentication_error") || type.equals("permission_error")) {
            return new ModelFailure.Authentication(status, detail);
        }
        if (status == 408 || status == 409 || status >= 500 || type.equals("api_error")) {
            return new ModelFailure.ServerError(status, detail);
        }
        if (status >= 400) {
            return new ModelFailure.BadRequest(status, detail);
        }
        return new ModelFailure.ServerError(status, detail == null ? "error " + type : detail);
    }

    /**
     * {@code retry-after-ms} (sent by both APIs) or {@code retry-after} in seconds or as an HTTP date.
     */
    static Optional<Duration> retryAfter(Function<String, Optional<String>> header) {
        Optional<Duration> millis = header.apply("retry-after-ms").flatMap(value -> parse(value, true));
        return millis.isPresent() ? millis : header.apply("retry-after").flatMap(value -> parse(value, false));
    }

    private static Optional<Duration> parse(String value, boolean millis) {
        String text = value.strip();
        try {
            double amount = Double.parseDouble(text);
            return amount < 0
                    ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) (millis ? amount : amount * 1000)));
        } catch (NumberFormatException notANumber) {
            if (millis) {
                return Optional.empty();
            }
        }
        try {
            Duration until = Duration.between(
                    ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
