package dev.baton.relay.oidc;

import java.net.URI;

/**
 * An OpenID Connect provider the operator configured for signing in to the relay's web page.
 *
 * @param issuer the provider's issuer URL; its discovery document is at {@code /.well-known/openid-configuration}
 * @param clientId the relay's client id at the provider
 * @param clientSecret the relay's client secret at the provider (sent with HTTP Basic to the token endpoint)
 * @param userClaim the ID token claim whose value is the relay user's name ({@code preferred_username},
 *     {@code email}, {@code sub})
 * @param displayName what the sign-in button says: "Sign in with …"
 */
public record OidcSettings(URI issuer, String clientId, String clientSecret, String userClaim, String displayName) {
    public OidcSettings {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("an OpenID Connect client secret is required");
        }
    }

    /** Never the secret: settings end up in exception messages and debuggers. */
    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", userClaim=" + userClaim + "]";
    }
}
