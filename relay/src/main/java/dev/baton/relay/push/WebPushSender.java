package dev.baton.relay.push;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import dev.baton.protocol.Json;
import dev.baton.protocol.relay.PushNotify;
import dev.baton.protocol.relay.RelayApi.PushMessage;
import dev.baton.relay.hub.presence.Attention;
import dev.baton.relay.store.DeviceRecord;
import dev.baton.relay.store.PushSubscriptionRecord;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Web Push messages (RFC 8030) to the subscribed devices of an account when a session needs its
 * user and nobody is looking. The payload is encrypted for the device (RFC 8291, aes128gcm) and signed
 * for with the relay's VAPID key (RFC 8292) by the webpush library; it holds only ids and the kind.
 * Sending happens on one thread of its own with a bounded queue, never on the fan-out's thread: pushes
 * leave in the order sessions asked for them, each waits at most {@code TIMEOUT}, and a full queue drops
 * the push (and says so in the log) rather than hold up a session.
 */
public final class WebPushSender implements Attention, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebPushSender.class);
    /** A prompt is worth telling about for a few minutes; after that the user will see it anyway. */
    static final int TTL_SECONDS = 300;

    static final int QUEUE = 256;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RelayStore store;
    private final WebPush webPush;
    private final HttpClient http;
    private final ThreadPoolExecutor pool;

    /** @param subject the VAPID contact: the relay's https URL or a {@code mailto:} */
    public WebPushSender(RelayStore store, VapidKeys keys, String subject) {
        this.store = store;
        this.webPush = new WebPush(subject, keys);
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.pool = new ThreadPoolExecutor(
                1,
                1,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("relay-push-", 0).daemon().factory());
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void permissionRequested(SessionRecord session, String requestId) {
        submit(session.accountId(), message("permission", session, requestId), false);
    }

    @Override
    public void turnFinished(SessionRecord session) {
        submit(session.accountId(), message("turn", session, null), true);
    }

    /** Ids and the kind, and the title and key as sealed as the relay holds them: nothing it could read. */
    private static PushMessage message(String kind, SessionRecord session, String requestId) {
        return new PushMessage(kind, session.id(), requestId, session.displayTitle(), session.key());
    }

    private void submit(String accountId, PushMessage message, boolean turnsOnly) {
        try {
            pool.execute(() -> sendToAccount(accountId, message, turnsOnly));
        } catch (RejectedExecutionException full) {
            LOG.warn(
                    "push queue full ({} waiting): a {} push for session {} was dropped",
                    QUEUE,
                    message.kind(),
                    message.sessionId());
        }
    }

    private void sendToAccount(String accountId, PushMessage message, boolean turnsOnly) {
        for (DeviceRecord device : store.devicesOf(accountId)) {
            store.pushSubscription(device.id())
                    .filter(subscription -> wants(subscription.notifyOn(), turnsOnly))
                    .ifPresent(subscription -> send(subscription, message));
        }
    }

    private static boolean wants(PushNotify notify, boolean turn) {
        return turn ? notify == PushNotify.TURNS : notify == PushNotify.PROMPTS || notify == PushNotify.TURNS;
    }

    private void send(PushSubscriptionRecord subscription, PushMessage message) {
        try {
            byte[] body = webPush.getBody(
                    Json.write(message).getBytes(StandardCharsets.UTF_8),
                    Base64.getUrlDecoder().decode(subscription.p256dh()),
                    Base64.getUrlDecoder().decode(subscription.auth()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(subscription.endpoint()))
                    .timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            webPush.getHeaders(subscription.endpoint(), TTL_SECONDS, null, WebPush.Urgency.High)
                    .forEach(request::header);
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status == 404 || status == 410) {
                // The push service forgot the subscription (RFC 8030 §7.3): so does the relay.
                store.pushSubscription(subscription.deviceId())
                        .filter(held -> held.endpoint().equals(subscription.endpoint()))
                        .ifPresent(held -> store.deletePushSubscription(held.deviceId()));
                LOG.info("push subscription of device {} is gone ({}); removed", subscription.deviceId(), status);
            } else if (status / 100 != 2) {
                LOG.warn("push to device {} refused with HTTP {}", subscription.deviceId(), status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("push to device {} failed: {}", subscription.deviceId(), e.toString());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        http.shutdownNow();
    }
}
