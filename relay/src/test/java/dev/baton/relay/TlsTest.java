package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.Json;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay serving HTTPS and WSS itself from PEM files, and believing forwarded headers only from its proxy. */
class TlsTest {
    @TempDir
    Path dir;

    private RelayFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void httpsAndWssWorkForAClientThatTrustsTheCertificateAndARenewalIsServedWithoutARestart() throws Exception {
        TestCertificate first = TestCertificate.create(dir, "first");
        TestCertificate renewed = TestCertificate.create(dir, "renewed");
        fixture = new RelayFixture(
                RelayConfig.defaults().withTls(first.certificateFile(), first.keyFile()),
                new OkHttpClient.Builder()
                        .sslSocketFactory(
                                TestCertificate.trusting(first.certificate()).getSocketFactory(),
                                TestCertificate.trustManager(first.certificate())));
        assertThat(fixture.relay.url().getScheme()).isEqualTo("https");

        Http.Reply health = fixture.http.get("/v1/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.headers().get("Strict-Transport-Security")).isEqualTo("max-age=31536000");

        // The fixture paired its device over HTTPS; its stream runs over WSS, with the relay's origin.
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.next("sync");

        Files.copy(renewed.certificateFile(), first.certificateFile(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewed.keyFile(), first.keyFile(), StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(
                        () -> assertThat(servedCertificate(first, renewed)).isEqualTo(renewed.certificate()));
    }

    @Test
    void aKeyInTheWrongFormatIsRefusedWithAHint() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir, "relay");
        Path pkcs1 = dir.resolve("rsa.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() ->
                        Relay.start(RelayConfig.defaults().withPort(0).withTls(certificate.certificateFile(), pkcs1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aMissingCertificateOrKeyFileIsNamedAsMissing() throws Exception {
        TestCertificate certificate = TestCertificate.create(dir, "relay");
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(
                        () -> Relay.start(RelayConfig.defaults().withPort(0).withTls(missing, certificate.keyFile())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TLS certificate file " + missing + " does not exist");
        assertThatThrownBy(() ->
                        Relay.start(RelayConfig.defaults().withPort(0).withTls(certificate.certificateFile(), missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TLS key file " + missing + " does not exist");
        assertThatThrownBy(() -> Relay.start(RelayConfig.defaults().withPort(0).withTls(dir, certificate.keyFile())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TLS certificate " + dir + " is a directory, not a PEM file");
    }

    @Test
    void forwardedAddressesCountOnlyFromATrustedProxy() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withTrustedProxies(List.of("127.0.0.1")));
        for (int i = 0; i < 10; i++) {
            assertThat(redeemFrom("203.0.113.9").status()).isEqualTo(400);
        }
        assertThat(redeemFrom("203.0.113.9").status()).isEqualTo(429);
        assertThat(redeemFrom("203.0.113.10").status())
                .as("another client behind the proxy")
                .isEqualTo(400);
    }

    @Test
    void aRelayBehindATlsBalancerSendsHstsAndAnswersToItsPublicName() throws Exception {
        OkHttpClient client = new OkHttpClient();
        try (Relay relay =
                Relay.start(RelayConfig.defaults().withPort(0).withPublicUrl(URI.create("https://relay.example")))) {
            Request request = new Request.Builder()
                    .url("http://127.0.0.1:" + relay.port() + "/v1/health")
                    .header("Host", "relay.example")
                    .build();
            try (Response response = client.newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void forwardedAddressesFromAnyoneElseAreIgnored() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults());
        for (int i = 0; i < 10; i++) {
            assertThat(redeemFrom("203.0.113." + i).status()).isEqualTo(400);
        }
        assertThat(redeemFrom("203.0.113.99").status())
                .as("all came from 127.0.0.1")
                .isEqualTo(429);
    }

    private Http.Reply redeemFrom(String address) throws Exception {
        Request request = new Request.Builder()
                .url(fixture.relay.url() + "/v1/pairings/redeem")
                .header("X-Forwarded-For", address)
                .post(RequestBody.create(
                        Json.write(new RedeemPairing("btp_wrong", "x")), MediaType.get("application/json")))
                .build();
        try (Response response = fixture.client.newCall(request).execute()) {
            return new Http.Reply(response.code(), null, response.body().string(), response.headers());
        }
    }

    /** A fresh handshake, so the relay's current certificate is what comes back. */
    private X509Certificate servedCertificate(TestCertificate... trusted) throws Exception {
        X509Certificate[] certificates =
                Arrays.stream(trusted).map(TestCertificate::certificate).toArray(X509Certificate[]::new);
        try (SSLSocket socket = (SSLSocket) TestCertificate.trusting(certificates)
                .getSocketFactory()
                .createSocket("127.0.0.1", fixture.relay.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
