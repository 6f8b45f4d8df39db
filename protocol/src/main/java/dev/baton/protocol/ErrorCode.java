package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The stable error codes of the wire contract, each with the HTTP status it travels with. */
public enum ErrorCode {
    UNAUTHORIZED("unauthorized", 401),
    TOKEN_EXPIRED("token_expired", 401),
    TICKET_USED("ticket_used", 401),
    /**
     * Extension: a refresh credential presented a second time. Only a copy can do that, so the relay
     * revokes the device.
     */
    REFRESH_REUSED("refresh_reused", 401),
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    REMOTE_CONTROL_DISABLED("remote_control_disabled", 403),
    /** Extension: the account's team organization has not turned Remote Control on yet. */
    REMOTE_CONTROL_NOT_ENABLED("remote_control_not_enabled", 403),
    /** Extension: the account names an organization whose record is missing or unreadable. */
    REMOTE_CONTROL_ELIGIBILITY_UNKNOWN("remote_control_eligibility_unknown", 403),
    /** Extension: the request needs a role (owner) the device's user does not hold. */
    INSUFFICIENT_ROLE("insufficient_role", 403),
    /** Extension: a browser request or stream upgrade from a page the relay did not serve. */
    ORIGIN_NOT_ALLOWED("origin_not_allowed", 403),
    /** Extension: a loopback relay asked for by another name (DNS rebinding). */
    HOST_NOT_ALLOWED("host_not_allowed", 403),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    SESSION_NOT_FOUND("session_not_found", 404),
    ENVIRONMENT_NOT_FOUND("environment_not_found", 404),
    PAIRING_CODE_INVALID("pairing_code_invalid", 400),
    CAPACITY_REACHED("capacity_reached", 409),
    /** Extension: the environment asked to host a session did not (see {@code DeclineReason}). */
    HOST_DECLINED("host_declined", 409),
    /** Extension: Remote Control cannot be turned on under the organization's compliance lock. */
    POLICY_LOCKED("policy_locked", 409),
    BAD_REQUEST("bad_request", 400),
    UNKNOWN_FRAME("unknown_frame", 400),
    UNSUPPORTED_PROTOCOL("unsupported_protocol", 400),
    TOO_LARGE("too_large", 413),
    RATE_LIMITED("rate_limited", 429),
    TOO_MANY_CONNECTIONS("too_many_connections", 429),
    HOST_REPLACED("host_replaced", 409),
    /** Extension: a web sign-in with an unknown user or a wrong password (never says which). */
    INVALID_CREDENTIALS("invalid_credentials", 401),
    /** Extension (RFC 8628): the user has not yet approved or denied the device code. */
    AUTHORIZATION_PENDING("authorization_pending", 400),
    /** Extension (RFC 8628): polled sooner than the interval; the interval grows by 5 seconds. */
    SLOW_DOWN("slow_down", 400),
    /** Extension (RFC 8628): the user denied the device code. */
    ACCESS_DENIED("access_denied", 400),
    /** Extension (RFC 8628): the device code expired before it was approved. */
    EXPIRED_TOKEN("expired_token", 400),
    /** Extension (RFC 6749): an unknown or already redeemed device code. */
    INVALID_GRANT("invalid_grant", 400),
    /** Extension (RFC 6749): a {@code grant_type} the token endpoint does not take. */
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    /** Extension: a user code on the approval page that is unknown, used or expired. */
    USER_CODE_INVALID("user_code_invalid", 400),
    /** Extension: {@code /readyz} of a relay that is shutting down or cannot reach its store. */
    NOT_READY("not_ready", 503),
    INTERNAL("internal", 500);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Unknown codes from a newer peer read as {@link #INTERNAL} rather than failing the whole frame. */
    @JsonCreator
    public static ErrorCode fromWire(String wire) {
        return Arrays.stream(values())
                .filter(code -> code.wire.equals(wire))
                .findFirst()
                .orElse(INTERNAL);
    }
}
