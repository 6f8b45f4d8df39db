package dev.baton.protocol.relay;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Nullable;
import dev.baton.protocol.SessionKey;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the relay's HTTP endpoints, the backend's and the devices'. */
public final class RelayApi {
    private RelayApi() {}

    /** {@code {"error": {"code", "message"}}}, the body of every non-2xx answer. */
    public record ErrorBody(ErrorDetail error) {
        public static ErrorBody of(ErrorCode code, String message) {
            return new ErrorBody(new ErrorDetail(code, message));
        }
    }

    public record ErrorDetail(ErrorCode code, String message) {}

    // ---- backend → relay

    /**
     * {@code POST /v1/environments} with the account token. Version 2: {@code name}, {@code hostname} and
     * {@code directory} are sealed under the content key ({@code Aad.environment(field)}), opaque to the relay.
     */
    public record CreateEnvironment(
            String name, String hostname, String directory, SpawnMode spawnMode, int capacity) {}

    /**
     * Extension: {@code PUT /v1/environments/{id}} (the environment's token) → 204: its {@code name},
     * {@code hostname} and {@code directory} sealed again, under the content key the backend rotated to,
     * so a device that holds only the new key reads them.
     */
    public record UpdateEnvironment(String name, String hostname, String directory) {}

    public record EnvironmentRegistration(String environmentId, String environmentToken, Instant expiresAt) {}

    /** {@code GET /v1/environments/{id}/work}: one unit of work for a server-mode backend. */
    public record WorkItem(String workId, WorkKind kind, String sessionId, String sessionToken, Instant expiresAt) {}

    /**
     * {@code POST /v1/environments/{id}/sessions}: register a new session, or resume {@code sessionId}.
     * Version 2: {@code title} is sealed under the session's data key with {@code Aad.title(sessionId)}, so
     * only a resume (which knows its id) can send one; a new session names itself in its snapshot.
     */
    public record RegisterSession(@Nullable String sessionId, @Nullable String title) {}

    public record SessionRegistration(String sessionId, String sessionToken, Instant expiresAt, String url) {}

    /**
     * Extension: {@code POST /v1/environments/{id}/adoptions} with the environment's token. Asks the relay to
     * list the account's sessions named here under this environment, so a device opening one sends it
     * {@code attach} work: how a restarted server-mode backend takes back the sessions of its directory.
     */
    public record AdoptSessions(List<String> sessionIds) {
        /** A directory's earlier sessions, most recent first, are far fewer in any real use. */
        public static final int MAX_SESSION_IDS = 100;
    }

    /**
     * The answer to {@link AdoptSessions}: the ids now under the environment, in the order asked. An id the
     * account does not have, or one whose host is online now, is left out.
     */
    public record AdoptedSessions(List<String> sessionIds) {}

    /**
     * Extension: {@code POST /v1/environments/{id}/declines} with the environment's token, answered 204.
     * The backend did not host the session of a work item it took; the relay tells the devices following
     * the session why, instead of leaving them waiting for a host, and stops counting it as on its way.
     */
    public record DeclineWork(
            String sessionId,
            WorkKind kind,
            @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE) DeclineReason reason) {}

    /** A pairing code, and the session URL that carries it in its fragment. */
    public record Pairing(String pairingCode, String url, Instant expiresAt) {}

    /**
     * Extension: {@code GET /v1/environments/{id}/devices}, the devices of the environment's account, so a
     * backend can name the device an event came from.
     */
    public record EnvironmentDeviceList(List<EnvironmentDevice> devices) {}

    /**
     * A device as a backend sees it: the device list's entry without {@code current}, which only a device has.
     *
     * @param agreementKeys extension: the device's agreement key as registered under each content key it
     *     holds (one per kid, newest first), so the backend of every machine the device was paired with
     *     finds the registration under its own previous key; absent when the device registered none
     */
    public record EnvironmentDevice(
            String id,
            String name,
            Instant createdAt,
            @Nullable Instant lastSeen,
            @Nullable List<AgreementKey> agreementKeys) {
        public EnvironmentDevice(String id, String name, Instant createdAt, @Nullable Instant lastSeen) {
            this(id, name, createdAt, lastSeen, null);
        }
    }

    /**
     * Extension: a device's ECDH P-256 public key, {@code PUT /v1/devices/current/agreement-key} (a device
     * token), listed to backends with the device.
     *
     * @param publicKey base64url of the raw uncompressed point (65 bytes, {@code 04 || X || Y})
     * @param kid the content key the device held when it registered (the one {@code proof} is made with)
     * @param proof base64url of HMAC-SHA256 under that content key of {@code Aad.deviceKey(deviceId,
     *     publicKey)}: only a holder of the content key can make it, so the relay cannot swap in its own key
     */
    public record AgreementKey(String publicKey, String kid, String proof) {}

    /**
     * Extension: a new content key for one device, {@code POST /v1/environments/{id}/content-keys} (an
     * environment token), after the backend rotated its content key because a device was revoked.
     *
     * @param kid the new content key's id
     * @param previousKid the content key it replaces, whose holder checks {@code auth}
     * @param ephemeralPublicKey base64url of the backend's one-use P-256 public key (raw point, 65 bytes)
     * @param wrapped the new content key sealed under the key both sides derive, with {@code
     *     Aad.contentKey(deviceId, kid)}
     * @param auth base64url of HMAC-SHA256 under the previous content key of {@code
     *     Aad.contentKeyAuth(deviceId, kid, ephemeralPublicKey, wrapped)}
     */
    public record ContentKeyDelivery(
            String deviceId, String kid, String previousKid, String ephemeralPublicKey, String wrapped, String auth) {
        /** What the device it is for fetches. */
        public DeliveredContentKey delivered() {
            return new DeliveredContentKey(kid, previousKid, ephemeralPublicKey, wrapped, auth);
        }
    }

    /** Extension: the body of {@code POST /v1/environments/{id}/content-keys}. */
    public record ContentKeyDeliveries(List<ContentKeyDelivery> deliveries) {}

    /** Extension: a {@link ContentKeyDelivery} as the device it is for fetches it (its own id left out). */
    public record DeliveredContentKey(
            String kid, String previousKid, String ephemeralPublicKey, String wrapped, String auth) {}

    /** Extension: {@code GET /v1/devices/current/content-keys}, newest first. */
    public record DeliveredContentKeys(List<DeliveredContentKey> keys) {}

    // ---- device → relay

    /**
     * {@code POST /v1/pairings/redeem}.
     *
     * @param refreshCookie extension: true asks for the refresh credential as an {@code HttpOnly} cookie
     *     instead of in the answer, so a browser page never holds it where a script could read it
     */
    public record RedeemPairing(String pairingCode, String deviceName, @Nullable Boolean refreshCookie) {
        public RedeemPairing(String pairingCode, String deviceName) {
            this(pairingCode, deviceName, null);
        }
    }

    /**
     * A device's credentials, from a redeemed pairing code or a refresh.
     *
     * @param refreshToken extension: the single-use credential that buys the next device token; absent
     *     when it travels as a cookie
     */
    /**
     * {@code sessionId} (extension) names the session the redeemed pairing link was made for, so a client
     * that opened a shorter link without it (a QR code) can still open that session; null for a link made
     * for no session, and on refresh.
     */
    public record DeviceRegistration(
            String deviceId,
            String deviceToken,
            Instant expiresAt,
            @Nullable String refreshToken,
            @Nullable String sessionId) {}

    /**
     * Extension: {@code POST /v1/devices/refresh}. A browser leaves {@code refreshToken} out and sends its
     * cookie instead.
     */
    public record RefreshDevice(@Nullable String refreshToken) {}

    /** {@code POST /v1/pairings} from a paired device; {@code sessionId} picks the URL to show. */
    public record CreatePairing(@Nullable String sessionId) {}

    /**
     * @param agreementKids extension: the content keys the device registered its agreement key under, newest
     *     first, so the Devices screen can say which devices would need pairing again after a rotation;
     *     absent when none
     */
    public record DeviceInfo(
            String id,
            String name,
            Instant createdAt,
            @Nullable Instant lastSeen,
            boolean current,
            @Nullable List<String> agreementKids) {
        public DeviceInfo(String id, String name, Instant createdAt, @Nullable Instant lastSeen, boolean current) {
            this(id, name, createdAt, lastSeen, current, null);
        }
    }

    public record DeviceList(List<DeviceInfo> devices) {}

    /**
     * Extension: {@code GET /v1/push/vapid-key}, the relay's VAPID public key (RFC 8292): the uncompressed
     * P-256 point, base64url without padding, which a browser takes as {@code applicationServerKey}.
     */
    public record VapidKey(String publicKey) {}

    /**
     * Extension: {@code POST /v1/devices/current/push}, the calling device's Web Push subscription (what a
     * browser's {@code PushSubscription.toJSON()} holds) and what it wants to hear about; {@code notify}
     * defaults to {@code prompts}. (The Java name differs only because a record cannot have a {@code notify()}.)
     */
    public record PushSubscription(
            String endpoint, PushKeys keys, @JsonProperty("notify") @Nullable PushNotify notifyOn) {}

    /** Extension: {@code GET /v1/devices/current/push}, what this device's subscription asks to hear about. */
    public record PushSetting(@JsonProperty("notify") PushNotify notifyOn) {}

    /** The subscription's P-256 public key (65 bytes) and auth secret (16 bytes), base64url (RFC 8291). */
    public record PushKeys(String p256dh, String auth) {}

    /**
     * Extension: what a push carries, encrypted for the device (RFC 8291): only ids and the kind
     * ({@code permission} with its {@code requestId}, or {@code turn}), never any content in the clear.
     *
     * @param title version 2: the session's title as sealed in its summary, for the device to open
     * @param key version 2: the session's wrapped data key, which opens {@code title}
     */
    public record PushMessage(
            String kind,
            String sessionId,
            @Nullable String requestId,
            @Nullable String title,
            @Nullable SessionKey key) {}

    public record SessionList(List<SessionSummary> sessions) {}

    public record Ticket(String ticket, Instant expiresAt) {}

    /** Version 2: {@code title} is sealed under the content key with {@code Aad.spawnTitle(environmentId)}. */
    public record Spawn(@Nullable String title) {}

    public record SpawnResult(String sessionId) {}

    /**
     * @param name version 2: sealed under the content key with {@code Aad.environment("name")}
     * @param spawnMode extension: how the environment makes sessions, so a device knows whether to
     *     offer "New session" ({@code single-session} refuses spawn); null from relays before it
     * @param directory extension: the directory it was started in, sealed like {@code name} (with {@code
     *     Aad.environment("directory")}), so two environments of one machine can be told apart; null from
     *     relays before it
     */
    public record EnvironmentSummary(
            String id, String name, boolean online, @Nullable SpawnMode spawnMode, @Nullable String directory) {}

    /**
     * @param title version 2: sealed under the session's data key with {@code Aad.title(id)}; null when the
     *     host has named it nothing yet
     * @param pendingPermissions how many permission prompts wait for an answer
     * @param presenceSince extension: when {@code online} last changed, as in the {@code presence} frame;
     *     null when the relay has not seen the session's host since it started
     * @param key version 2: the session's wrapped data key, which opens {@code title}; null until a host has
     *     said hello
     * @param spawnTitle version 2: the title a device asked for when it spawned the session, sealed under the
     *     content key with {@code Aad.spawnTitle(environment id)}; shown until the host names the session
     */
    public record SessionSummary(
            String id,
            @Nullable String title,
            @Nullable EnvironmentSummary environment,
            boolean online,
            boolean processing,
            int pendingPermissions,
            @Nullable Instant lastActivity,
            @Nullable Instant presenceSince,
            @Nullable SessionKey key,
            @Nullable String spawnTitle) {}

    /** Extension: {@code GET /v1/health}. */
    public record Health(String status, int protocol) {}

    // ---- sign-in and the device authorization grant (extensions)

    /** {@code POST /v1/web/login}: a user of the relay signs in on its web page. */
    public record SignIn(String user, String password) {}

    /**
     * Extension: {@code GET /v1/web/organization}, the signed-in user's organization and its Remote Control
     * policy, as the admin page shows it.
     *
     * @param remoteControl whether Remote Control is on for the organization's members
     * @param locked a compliance lock keeps it off; only the relay's operator lifts it
     * @param role the signed-in user's role: only an owner or an admin may change the policy
     */
    public record OrganizationPolicy(String name, boolean remoteControl, boolean locked, String role) {}

    /** Extension: {@code POST /v1/web/organization} from an owner or admin. */
    public record SetOrganizationPolicy(boolean remoteControl) {}

    /**
     * Extension: {@code GET /v1/web/sign-in-methods}.
     *
     * @param provider the name of the identity provider the page offers ("Sign in with …"), absent when
     *     the relay signs in with passwords only
     */
    public record SignInMethods(@Nullable String provider) {}

    /** {@code GET /v1/web/me} and {@code GET /v1/account}: who a cookie or an account token belongs to. */
    /** Extension: {@code POST /v1/account/tokens} with a full-scope account token. */
    public record CreateLimitedToken(LimitedScope scope) {}

    /** A limited token, shown once. */
    public record LimitedToken(String token, LimitedScope scope, Instant expiresAt) {}

    public record AccountInfo(
            String user, @Nullable String org, String role, String tokenKind, @Nullable Instant expiresAt) {}

    /** {@code POST /v1/oauth/device/code}: {@code clientName} is what the approval page shows ("baton on HOST"). */
    public record DeviceCodeRequest(@Nullable String clientName) {}

    /**
     * The device authorization response of RFC 8628 §3.2; its field names are the RFC's, so they are snake
     * case.
     */
    public record DeviceCode(
            String device_code,
            String user_code,
            String verification_uri,
            String verification_uri_complete,
            long expires_in,
            long interval) {}

    /** {@code POST /v1/oauth/token} as JSON (a form-encoded body with the same names works too). */
    public record TokenRequest(String grant_type, String device_code) {}

    /**
     * The access token response of RFC 6749 §5.1 ({@code token_type} is always {@code Bearer}), with who it
     * belongs to and when it expires as extensions.
     */
    public record TokenGrant(
            String access_token,
            String token_type,
            long expires_in,
            String user,
            @Nullable String org,
            Instant expiresAt) {}

    /** {@code GET /v1/web/device?userCode=…}: what the approval page shows before the user decides. */
    public record PendingDevice(String userCode, @Nullable String clientName, Instant expiresAt) {}

    /** {@code POST /v1/web/device}: the signed-in user's decision, {@code approve} or {@code deny}. */
    public record DeviceDecision(String userCode, String decision) {}
}
