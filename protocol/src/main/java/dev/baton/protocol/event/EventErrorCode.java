package dev.baton.protocol.event;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The codes an {@code error} event carries: an input that could not be carried out, or a failure of the
 * session itself. They are stable; {@link EventBody.Error#code()} stays a string so that a client reading a
 * newer backend's code still shows its message. docs/protocol.md lists them (a test keeps the list whole).
 */
public enum EventErrorCode {
    EMPTY_MESSAGE("empty_message", "a message whose text is empty or blank"),
    EMPTY_COMMAND("empty_command", "a shell command (`!`) with nothing after the `!`"),
    UNKNOWN_COMMAND(
            "unknown_command", "a slash command (a `/` message or a `command` input) the backend does not have"),
    MISSING_ARGUMENT(
            "missing_argument",
            "a command or input that lacks what it needs (`/rename` without a title, `permission` without `decision`)"),
    INVALID_ARGUMENT(
            "invalid_argument",
            "a value that is not one of those allowed (`remember` other than `session` or `project`)"),
    INVALID_TITLE("invalid_title", "a name or title longer than the limit"),
    INPUT_UNVERIFIED(
            "input_unverified",
            "an input that did not open under the session's key (altered on the way, or sealed with another key);"
                    + " it was not applied"),
    BUSY("busy", "a command that cannot run while a turn is in progress (`/clear`)"),
    PERMISSION_ALREADY_DECIDED(
            "permission_already_decided", "an answer to a prompt that was already answered or closed"),
    UNKNOWN_PERMISSION_REQUEST("unknown_permission_request", "an answer to a prompt that was never asked"),
    REMOTE_CONTROL_UNAVAILABLE("remote_control_unavailable", "`/remote-control` where nothing can host the session"),
    REMOTE_CONTROL_FAILED("remote_control_failed", "`/remote-control` refused by the relay"),
    REMOTE_CONTROL_OFF("remote_control_off", "`/mobile` while Remote Control is off"),
    LOG_WRITE_FAILED(
            "log_write_failed",
            "the backend could not write the session's log; inputs sent meanwhile were not applied"),
    MODEL_RATE_LIMITED("model_rate_limited", "the model provider's rate limit, after retries"),
    MODEL_OVERLOADED("model_overloaded", "the model provider is overloaded, after retries"),
    MODEL_SERVER_ERROR("model_server_error", "the model provider failed, after retries"),
    MODEL_AUTHENTICATION(
            "model_authentication", "the model provider refused the credentials, or they could not be loaded"),
    MODEL_BAD_REQUEST("model_bad_request", "the model provider refused the request"),
    MODEL_CONNECTION_LOST("model_connection_lost", "the connection to the model provider was lost, after retries"),
    MODEL_MALFORMED_TOOL_INPUT(
            "model_malformed_tool_input", "the model called a tool with input that is not valid JSON"),
    INTERRUPTED("interrupted", "a model turn stopped by an `interrupt` before it answered"),
    INTERNAL("internal", "a fault in the backend; its log has the details");

    private final String wire;
    private final String meaning;

    EventErrorCode(String wire, String meaning) {
        this.wire = wire;
        this.meaning = meaning;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** When the backend commits it, in a few words for docs/protocol.md. */
    public String meaning() {
        return meaning;
    }
}
