package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolVersion;
import java.util.Optional;

/**
 * The relay's Remote Control policy refusals (and a relay too old for this backend), said the same way by every surface ({@code baton
 * remote-control}, {@code baton --remote-control}, the editor): the sentence the code stands for, then
 * the cause (the relay's own words after that sentence, when it gives any), the code, and what to do.
 */
final class PolicyRefusal {
    static final String DISABLED = "Remote Control is disabled by your organization's policy";
    static final String NOT_ENABLED = "Remote Control is not yet enabled for your account";
    static final String ELIGIBILITY_UNKNOWN = "Unable to determine your organization for Remote Control eligibility";
    static final String NEEDS_FULL_SCOPE = "Remote Control requires a full-scope login token";
    static final String CREDENTIALS_FETCH_FAILED = "Remote credentials fetch failed";
    static final String RELAY_TOO_OLD = "The relay speaks an older protocol than this backend; update the relay";

    private PolicyRefusal() {}

    /** The whole message for a policy code, or empty for any other code. */
    static Optional<String> describe(ErrorCode code, String relayMessage) {
        return switch (code) {
            case REMOTE_CONTROL_DISABLED -> Optional.of(compose(
                    DISABLED,
                    relayMessage,
                    "an admin of your organization turned it off, or it is locked for compliance",
                    code,
                    "Only an admin of your organization can turn it back on, on the relay: `baton relay org set"
                            + " --data-dir DIR ORG --remote-control on` (a locked organization needs --unlock"
                            + " first, which is your compliance team's call)."));
            case REMOTE_CONTROL_NOT_ENABLED -> Optional.of(compose(
                    NOT_ENABLED,
                    relayMessage,
                    "your organization has not turned Remote Control on",
                    code,
                    "Ask an admin of your organization to turn it on, on the relay: `baton relay org set"
                            + " --data-dir DIR ORG --remote-control on`."));
            case REMOTE_CONTROL_ELIGIBILITY_UNKNOWN -> Optional.of(compose(
                    ELIGIBILITY_UNKNOWN,
                    relayMessage,
                    "the relay has no readable record of your account's organization",
                    code,
                    "Ask the relay's operator to check your organization (`baton relay user list` and `baton"
                            + " relay org list`, and `baton relay org add ORG` if it is missing)."));
            case INSUFFICIENT_SCOPE -> relayMessage != null && relayMessage.startsWith(NEEDS_FULL_SCOPE)
                    ? Optional.of(compose(
                            NEEDS_FULL_SCOPE,
                            relayMessage,
                            "the token is a limited one, made for scripts",
                            code,
                            "Run `baton login` to sign in with a full-scope token, and unset BATON_TOKEN if it holds"
                                    + " the limited token from `baton setup-token`."))
                    : Optional.empty();
            case UNSUPPORTED_PROTOCOL -> Optional.of(RELAY_TOO_OLD + ": "
                    + (relayMessage == null || relayMessage.isBlank()
                            ? "it refused this backend's hello"
                            : relayMessage)
                    + " (" + code.wire() + "). This backend speaks protocol " + ProtocolVersion.CURRENT
                    + " (end-to-end encrypted); run the same version of Baton on the relay.");
            default -> Optional.empty();
        };
    }

    /** The account token from {@code source} was refused, and nothing else can stand in for it. */
    static String credentialsFetchFailed(String source, String relayMessage, ErrorCode code, String fix) {
        return CREDENTIALS_FETCH_FAILED + ": the relay refused the account token from " + source + ": " + relayMessage
                + " (" + code.wire() + "). " + fix;
    }

    private static String compose(String sentence, String relayMessage, String usualCause, ErrorCode code, String fix) {
        return sentence + ": " + cause(sentence, relayMessage, usualCause) + " (" + code.wire() + "). " + fix;
    }

    /** The relay's cause when it gives one after the sentence (or instead of it), else the usual one. */
    private static String cause(String sentence, String relayMessage, String usualCause) {
        String said = relayMessage == null ? "" : relayMessage.strip();
        if (said.startsWith(sentence)) {
            said = said.substring(sentence.length()).replaceFirst("^[\\s:.;,-]+", "");
        }
        return said.isEmpty() ? usualCause : said;
    }
}
