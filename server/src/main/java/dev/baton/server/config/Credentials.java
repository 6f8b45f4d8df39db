package dev.baton.server.config;

/**
 * An account token and the relay it belongs to, as saved in a credentials file.
 *
 * @param relayUrl the relay that issued the token; null means any relay
 * @param user whom the token belongs to, when {@code baton login} saved it
 * @param org the user's organization, absent for a personal account
 * @param expiresAt when the token expires, ISO-8601, when known
 */
public record Credentials(String relayUrl, String accountToken, String user, String org, String expiresAt) {

    public Credentials(String relayUrl, String accountToken) {
        this(relayUrl, accountToken, null, null, null);
    }

    /** Whether this token may be sent to {@code url}: a token never goes to a relay it was not made for. */
    public boolean belongsTo(String url) {
        return relayUrl == null || normalise(relayUrl).equals(normalise(url));
    }

    private static String normalise(String url) {
        String trimmed = url.strip().toLowerCase(java.util.Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
