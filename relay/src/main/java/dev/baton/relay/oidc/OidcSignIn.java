package dev.baton.relay.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.baton.relay.oidc.OidcFailure.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signing in to the relay's web page with an OpenID Connect provider: the authorization code flow with
 * PKCE (S256), a state and a nonce, and the ID token's signature, issuer, audience, expiry and nonce
 * checked against the provider's published keys. The provider is discovered on first use, so a relay
 * starts even while its provider is down, and retries discovery on every sign-in until it works.
 *
 * <p>Nothing is kept on the relay between the two legs: what the browser must bring back ({@link
 * Pending}) travels in a short-lived cookie, so any relay node can finish a sign-in another one began.
 */
public final class OidcSignIn {
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_KEYS_BYTES = 256 * 1024;

    private final OidcSettings settings;
    private volatile Discovered discovered;

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

    /**
     * What ties the provider's answer to the browser that asked: the state it must echo, the nonce the
     * ID token must carry, the PKCE verifier, and the page to return to.
     */
    public record Pending(String state, String nonce, String codeVerifier, String next) {
        /** As one cookie value: the parts are base64url, so a dot separates them unambiguously. */
        public String encode() {
            return state + "." + nonce + "." + codeVerifier + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8));
        }

        /** @return null when {@code value} is not a pending sign-in */
        public static Pending decode(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            try {
                String next = new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8);
                return new Pending(parts[0], parts[1], parts[2], next);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
    }

    /** Where to send the browser, and what it must bring back. */
    public record Start(URI authorization, Pending pending) {}

    public OidcSignIn(OidcSettings settings) {
        this.settings = settings;
    }

    public String displayName() {
        return settings.displayName();
    }

    /** @param next a path on this relay to return to after signing in (already checked by the caller) */
    public Start start(URI redirectUri, String next) throws OidcFailure {
        OIDCProviderMetadata metadata = discover().metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                        ResponseType.CODE,
                        new Scope("openid", "profile", "email"),
                        new ClientID(settings.clientId()),
                        redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Start(request.toURI(), new Pending(state.getValue(), nonce.getValue(), verifier.getValue(), next));
    }

    /**
     * Completes a sign-in from the provider's redirect.
     *
     * @param pending what the browser brought back in its cookie; null when it brought none
     * @return the relay user name the ID token names
     */
    public String finish(Pending pending, String state, String code, String providerError, URI redirectUri)
            throws OidcFailure {
        if (pending == null || state == null || !pending.state().equals(state)) {
            throw new OidcFailure(
                    Reason.SIGN_IN_FAILED, "the provider's answer does not belong to a sign-in this browser started");
        }
        if (providerError != null) {
            throw new OidcFailure(Reason.PROVIDER_REFUSED, "the provider answered " + providerError);
        }
        if (code == null || code.isBlank()) {
            throw new OidcFailure(Reason.SIGN_IN_FAILED, "the provider's answer carries no code");
        }
        Discovered provider = discover();
        TokenRequest request = new TokenRequest(
                provider.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(settings.clientId()), new Secret(settings.clientSecret())),
                new AuthorizationCodeGrant(
                        new AuthorizationCode(code), redirectUri, new CodeVerifier(pending.codeVerifier())));
        TokenResponse response = exchange(request);
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            throw new OidcFailure(
                    Reason.PROVIDER_REFUSED,
                    "the provider refused the code: " + error.getErrorObject().getCode());
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse())
                .getOIDCTokens()
                .getIDToken();
        IDTokenClaimsSet claims;
        try {
            claims = provider.validator().validate(idToken, new Nonce(pending.nonce()));
        } catch (Exception invalid) {
            throw new OidcFailure(
                    Reason.SIGN_IN_FAILED, "the ID token failed verification: " + invalid.getMessage(), invalid);
        }
        Object user = claims.getClaim(settings.userClaim());
        if (!(user instanceof String name) || name.isBlank()) {
            throw new OidcFailure(
                    Reason.UNKNOWN_USER, "the ID token has no " + settings.userClaim() + " claim to name a user by");
        }
        return name;
    }

    private TokenResponse exchange(TokenRequest request) throws OidcFailure {
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(TIMEOUT_MILLIS);
        http.setReadTimeout(TIMEOUT_MILLIS);
        try {
            return OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            throw new OidcFailure(
                    Reason.PROVIDER_UNAVAILABLE,
                    "the provider's token endpoint cannot be reached: " + e.getMessage(),
                    e);
        } catch (ParseException e) {
            throw new OidcFailure(
                    Reason.SIGN_IN_FAILED, "the provider's token answer is not OpenID Connect: " + e.getMessage(), e);
        }
    }

    private Discovered discover() throws OidcFailure {
        Discovered known = discovered;
        if (known != null) {
            return known;
        }
        try {
            OIDCProviderMetadata metadata =
                    OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
            IDTokenValidator validator = new IDTokenValidator(
                    metadata.getIssuer(),
                    new ClientID(settings.clientId()),
                    JWSAlgorithm.RS256,
                    metadata.getJWKSetURI().toURL(),
                    new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_KEYS_BYTES));
            known = new Discovered(metadata, validator);
            discovered = known;
            return known;
        } catch (Exception e) {
            throw new OidcFailure(
                    Reason.PROVIDER_UNAVAILABLE,
                    "cannot discover the provider at " + settings.issuer() + ": " + e.getMessage(),
                    e);
        }
    }
}
