package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.remote.ExternalAccount;
import dev.baton.server.remote.RelayChoice;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The account token a command acts with, where it came from, and the relay it is for: {@code
 * BATON_TOKEN} (for {@code --relay}, BATON_RELAY_URL, config.json, else the saved login's relay), else the
 * saved login.
 *
 * @param source what to call the token's origin in a message: the variable or the file
 * @param saved the saved login, when there is one (it still says who this is when the relay is down)
 */
record SignedInToken(String token, String source, URI relay, Optional<Credentials> saved) {

    /** @throws CommandFailure when there is no token at all */
    static SignedInToken resolve(SignedInOptions target, Map<String, String> env, String command) {
        String relayFlag = target.relay;
        BatonHome home = BatonHome.fromEnvironment(env);
        CredentialsFile file = new CredentialsFile(home.credentialsFile());
        Optional<Credentials> saved = file.read();
        String variable = env.get(ExternalAccount.TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            URI url = relayFlag == null
                            && saved.isPresent()
                            && saved.get().relayUrl() != null
                            && blank(env.get(RelayChoice.URL_VARIABLE))
                    ? URI.create(saved.get().relayUrl())
                    : LoginCommand.relayOf(relayFlag, target.insecure, env, home, command);
            return new SignedInToken(variable.strip(), ExternalAccount.TOKEN_VARIABLE, url, saved);
        }
        if (saved.isPresent() && saved.get().relayUrl() != null) {
            return new SignedInToken(
                    saved.get().accountToken(),
                    file.path().toString(),
                    URI.create(saved.get().relayUrl()),
                    saved);
        }
        throw new CommandFailure("not signed in to any relay: run `baton login --relay URL`");
    }

    /** Whether the token came from the saved login rather than the environment. */
    boolean fromSavedLogin() {
        return !source.equals(ExternalAccount.TOKEN_VARIABLE);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
