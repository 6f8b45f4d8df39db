package dev.baton.server.relayclient;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.LimitedScope;
import dev.baton.protocol.relay.RelayApi.AccountInfo;
import dev.baton.protocol.relay.RelayApi.AdoptSessions;
import dev.baton.protocol.relay.RelayApi.AdoptedSessions;
import dev.baton.protocol.relay.RelayApi.ContentKeyDeliveries;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.CreateLimitedToken;
import dev.baton.protocol.relay.RelayApi.CreatePairing;
import dev.baton.protocol.relay.RelayApi.DeclineWork;
import dev.baton.protocol.relay.RelayApi.DeviceCode;
import dev.baton.protocol.relay.RelayApi.DeviceCodeRequest;
import dev.baton.protocol.relay.RelayApi.EnvironmentDeviceList;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.ErrorBody;
import dev.baton.protocol.relay.RelayApi.LimitedToken;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import dev.baton.protocol.relay.RelayApi.TokenGrant;
import dev.baton.protocol.relay.RelayApi.TokenRequest;
import dev.baton.protocol.relay.RelayApi.UpdateEnvironment;
import dev.baton.protocol.relay.RelayApi.WorkItem;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** The backend's side of the relay's HTTP API: typed calls to one relay, and its host stream socket. */
public final class RelayClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final HttpUrl base;

    public RelayClient(URI relayUrl) {
        HttpUrl parsed = HttpUrl.parse(relayUrl.toString());
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + relayUrl);
        }
        this.base = parsed;
        this.http = new OkHttpClient.Builder()
                // A host stream's socket is read on a dispatcher thread for as long as it stays open: with
                // virtual threads, hosting one more session takes no platform thread.
                .dispatcher(new Dispatcher(Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("relay-client-", 0).factory())))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .build();
    }

    public URI url() {
        return URI.create(base.toString().replaceAll("/$", ""));
    }

    /** {@code POST /v1/environments} with the account token. */
    public EnvironmentRegistration createEnvironment(String accountToken, CreateEnvironment body) throws IOException {
        return post(accountToken, body, EnvironmentRegistration.class, "v1", "environments");
    }

    /** Extension: {@code POST /v1/environments/{id}/renew} trades a live environment token for a fresh one. */
    public EnvironmentRegistration renewEnvironment(String environmentId, String environmentToken) throws IOException {
        return post(
                environmentToken, null, EnvironmentRegistration.class, "v1", "environments", environmentId, "renew");
    }

    /** Registers a session, or resumes it (fresh session token) when {@code sessionId} is known. */
    public SessionRegistration registerSession(String environmentId, String environmentToken, RegisterSession body)
            throws IOException {
        return post(environmentToken, body, SessionRegistration.class, "v1", "environments", environmentId, "sessions");
    }

    /**
     * Extension: {@code POST /v1/environments/{id}/adoptions}, the account's sessions named in {@code body}
     * listed under this environment; the answer names those that now are.
     */
    public AdoptedSessions adoptSessions(String environmentId, String environmentToken, AdoptSessions body)
            throws IOException {
        return post(environmentToken, body, AdoptedSessions.class, "v1", "environments", environmentId, "adoptions");
    }

    /** A single-use pairing code and the session URL that carries it in its fragment. */
    public Pairing createPairing(String environmentId, String environmentToken, String sessionId) throws IOException {
        return post(
                environmentToken,
                new CreatePairing(sessionId),
                Pairing.class,
                "v1",
                "environments",
                environmentId,
                "pairings");
    }

    /**
     * Extension: {@code GET /v1/environments/{id}/devices}, the account's devices. {@code timeout} bounds
     * the whole call (connect, send, answer), because the caller would rather do without than wait.
     */
    public EnvironmentDeviceList devices(String environmentId, String environmentToken, Duration timeout)
            throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "environments", environmentId, "devices"))
                .header("Authorization", "Bearer " + environmentToken)
                .get()
                .build();
        Call call = http.newCall(request);
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return answer(request, execute(call), EnvironmentDeviceList.class);
    }

    /**
     * {@code GET /v1/environments/{id}/work?waitMs=N}: a work item, or empty when none came within
     * {@code wait}. The read timeout is stretched past the wait, which the relay may shorten.
     */
    public Optional<WorkItem> pollWork(String environmentId, String environmentToken, Duration wait)
            throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "environments", environmentId, "work")
                        .newBuilder()
                        .addQueryParameter("waitMs", Long.toString(wait.toMillis()))
                        .build())
                .header("Authorization", "Bearer " + environmentToken)
                .get()
                .build();
        OkHttpClient polling =
                http.newBuilder().readTimeout(wait.plusSeconds(15)).build();
        try (Response response = execute(polling.newCall(request))) {
            if (response.code() == 204) {
                return Optional.empty();
            }
            String text = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw refused(request, response.code(), text);
            }
            return Optional.of(Json.decode(text, WorkItem.class));
        }
    }

    /** Extension: {@code PUT /v1/environments/{id}}, the environment's fields sealed under a new content key. */
    public void updateEnvironment(String environmentId, String environmentToken, UpdateEnvironment body)
            throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "environments", environmentId))
                .header("Authorization", "Bearer " + environmentToken)
                .put(RequestBody.create(Json.write(body), JSON))
                .build();
        expectNoContent(request);
    }

    /** Extension: {@code POST /v1/environments/{id}/content-keys}, a new content key for each remaining device. */
    public void deliverContentKeys(String environmentId, String environmentToken, ContentKeyDeliveries body)
            throws IOException {
        postNoContent(environmentToken, body, "v1", "environments", environmentId, "content-keys");
    }

    /** Extension: {@code POST /v1/environments/{id}/declines}, a session taken as work that is not hosted. */
    public void declineWork(String environmentId, String environmentToken, DeclineWork body) throws IOException {
        postNoContent(environmentToken, body, "v1", "environments", environmentId, "declines");
    }

    private void postNoContent(String token, Object body, String... path) throws IOException {
        expectNoContent(new Request.Builder()
                .url(endpoint(path))
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(Json.write(body), JSON))
                .build());
    }

    private void expectNoContent(Request request) throws IOException {
        try (Response response = execute(http.newCall(request))) {
            if (!response.isSuccessful()) {
                throw refused(
                        request,
                        response.code(),
                        response.body() == null ? "" : response.body().string());
            }
        }
    }

    /** {@code DELETE /v1/environments/{id}}: the environment and its token are gone at once. */
    public void deleteEnvironment(String environmentId, String environmentToken) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "environments", environmentId))
                .header("Authorization", "Bearer " + environmentToken)
                .delete()
                .build();
        try (Response response = execute(http.newCall(request))) {
            if (!response.isSuccessful() && response.code() != 404) {
                throw refused(
                        request,
                        response.code(),
                        response.body() == null ? "" : response.body().string());
            }
        }
    }

    /** Extension (RFC 8628): {@code POST /v1/oauth/device/code}, no token; {@code clientName} is shown on approval. */
    public DeviceCode requestDeviceCode(String clientName) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "oauth", "device", "code"))
                .post(RequestBody.create(Json.write(new DeviceCodeRequest(clientName)), JSON))
                .build();
        return answer(request, execute(http.newCall(request)), DeviceCode.class);
    }

    /**
     * Extension (RFC 8628): one poll of {@code POST /v1/oauth/token}. The grant's states arrive as a
     * {@link RelayException} with code {@code authorization_pending}, {@code slow_down}, {@code access_denied}
     * or {@code expired_token}.
     */
    public TokenGrant pollDeviceToken(String deviceCode) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "oauth", "token"))
                .post(RequestBody.create(
                        Json.write(new TokenRequest("urn:ietf:params:oauth:grant-type:device_code", deviceCode)), JSON))
                .build();
        return answer(request, execute(http.newCall(request)), TokenGrant.class);
    }

    /** Extension: {@code GET /v1/account}, who an account token belongs to and when it expires. */
    public AccountInfo account(String accountToken) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "account"))
                .header("Authorization", "Bearer " + accountToken)
                .get()
                .build();
        return answer(request, execute(http.newCall(request)), AccountInfo.class);
    }

    /** Extension: {@code POST /v1/account/tokens}, a limited token for scripts, made with a full-scope one. */
    public LimitedToken createLimitedToken(String accountToken, LimitedScope scope) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "account", "tokens"))
                .header("Authorization", "Bearer " + accountToken)
                .post(RequestBody.create(Json.write(new CreateLimitedToken(scope)), JSON))
                .build();
        return answer(request, execute(http.newCall(request)), LimitedToken.class);
    }

    /** Extension: {@code DELETE /v1/account/token} revokes the account token itself. */
    public void revokeAccountToken(String accountToken) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint("v1", "account", "token"))
                .header("Authorization", "Bearer " + accountToken)
                .delete()
                .build();
        try (Response response = execute(http.newCall(request))) {
            if (!response.isSuccessful()) {
                throw refused(
                        request,
                        response.code(),
                        response.body() == null ? "" : response.body().string());
            }
        }
    }

    /** Opens {@code /v1/sessions/{id}/host}; the outcome of the handshake arrives at {@code listener}. */
    WebSocket openHostStream(String sessionId, String sessionToken, WebSocketListener listener) {
        Request request = new Request.Builder()
                .url(endpoint("v1", "sessions", sessionId, "host"))
                .header("Authorization", "Bearer " + sessionToken)
                .build();
        return http.newWebSocket(request, listener);
    }

    private <T> T post(String token, Object body, Class<T> answer, String... path) throws IOException {
        Request request = new Request.Builder()
                .url(endpoint(path))
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(body == null ? "{}" : Json.write(body), JSON))
                .build();
        return answer(request, execute(http.newCall(request)), answer);
    }

    /** The answer's body as {@code type}, or the relay's refusal as a {@link RelayException}. */
    private static <T> T answer(Request request, Response received, Class<T> type) throws IOException {
        try (Response response = received) {
            String text = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw refused(request, response.code(), text);
            }
            try {
                return Json.decode(text, type);
            } catch (ProtocolException e) {
                throw new RelayException(
                        ErrorCode.INTERNAL,
                        response.code(),
                        "the relay's answer to " + request.url().encodedPath() + " is not understood: "
                                + e.getMessage());
            }
        }
    }

    /** Sends the request; a transport failure names the relay, since the person must go and check it. */
    private Response execute(Call call) throws IOException {
        try {
            return call.execute();
        } catch (IOException e) {
            String why = untrustedCertificate(e)
                    ? "its TLS certificate is not signed by an authority this machine's Java trusts: a self-signed"
                            + " or private CA certificate has to be added to a trust store, see docs/deployment.md"
                    : e.getMessage();
            throw new RelayUnreachableException("cannot reach the relay at " + base + " (" + why + ")", e);
        }
    }

    /** Java names this only in a cause: "PKIX path building failed", an internal class's message. */
    private static boolean untrustedCertificate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    private HttpUrl endpoint(String... path) {
        HttpUrl.Builder url = base.newBuilder();
        for (String segment : path) {
            url.addPathSegment(segment);
        }
        return url.build();
    }

    /** A refused call: the relay's error, carrying the exchange for {@code --verbose}. */
    private static RelayException refused(Request request, int status, String body) {
        return errorOf(status, body).withExchange(RelayExchange.describe(request, status, body));
    }

    /** Reads the error body of a refused call or handshake; a body that is not one still gives a code. */
    static RelayException errorOf(int status, String body) {
        try {
            ErrorBody error = Json.decode(body, ErrorBody.class);
            if (error.error() != null && error.error().code() != null) {
                return new RelayException(
                        error.error().code(), status, error.error().message());
            }
        } catch (ProtocolException notAnErrorBody) {
            // fall through: a proxy or a broken relay answered
        }
        ErrorCode code =
                switch (status) {
                    case 401 -> ErrorCode.UNAUTHORIZED;
                    case 403 -> ErrorCode.INSUFFICIENT_SCOPE;
                    case 404 -> ErrorCode.NOT_FOUND;
                    case 429 -> ErrorCode.RATE_LIMITED;
                    default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
                };
        return new RelayException(code, status, "the relay answered HTTP " + status);
    }

    /** Ends the calls under way (a work long poll): the process is stopping and will not wait for them. */
    public void cancelCalls() {
        http.dispatcher().cancelAll();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
