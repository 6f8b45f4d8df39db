package dev.baton.server.remote;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.relayclient.AccountCredential;
import dev.baton.server.relayclient.RelayException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The account token for a relay this process did not start: {@code BATON_TOKEN}, else saved credentials. */
public final class ExternalAccount implements AccountCredential {
    public static final String TOKEN_VARIABLE = "BATON_TOKEN";

    private final String token;
    private final String source;

    private ExternalAccount(String token, String source) {
        this.token = token;
        this.source = source;
    }

    /** @throws ConfigurationException when there is no token for {@code relay} */
    public static ExternalAccount resolve(URI relay, Map<String, String> env, BatonHome home) {
        String variable = env.get(TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new ExternalAccount(variable.strip(), TOKEN_VARIABLE);
        }
        CredentialsFile file = new CredentialsFile(home.credentialsFile());
        Optional<Credentials> saved = file.read();
        if (saved.isPresent() && saved.get().belongsTo(relay.toString())) {
            return new ExternalAccount(saved.get().accountToken(), file.path().toString());
        }
        String why = saved.map(other -> file.path() + " holds a token for " + other.relayUrl() + ", not this relay")
                .orElse("neither " + TOKEN_VARIABLE + " nor " + file.path() + " is set");
        throw new ConfigurationException("no account token for relay " + relay + " (" + why + "). Set "
                + TOKEN_VARIABLE + " (for example from `baton relay token create --data-dir DIR --user NAME`)"
                + " or save {\"relayUrl\": …, \"accountToken\": …} in " + file.path());
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public String replaceRefused(RelayException refusal) throws RelayException {
        throw RelayException.credentialsRefused(
                refusal,
                source,
                "Run `baton login` to sign in again, or set " + TOKEN_VARIABLE + " to a token this relay knows.");
    }
}
