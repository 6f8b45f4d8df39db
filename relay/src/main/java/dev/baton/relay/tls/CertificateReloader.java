package dev.baton.relay.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the PEM files now and then and swaps the certificate in when they change, so a renewed
 * certificate (ACME renews every few weeks) is served without a restart. New connections get the new
 * certificate; open ones keep theirs. A file caught half-written fails to load and is retried at the
 * next check, while the old certificate stays in use.
 */
public final class CertificateReloader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final SslContextFactory.Server ssl;
    private final Path certificate;
    private final Path key;
    private List<Object> seen;

    public CertificateReloader(SslContextFactory.Server ssl, Path certificate, Path key) {
        this.ssl = ssl;
        this.certificate = certificate;
        this.key = key;
        this.seen = stamp();
    }

    @Override
    public void run() {
        List<Object> now = stamp();
        if (now.equals(seen)) {
            return;
        }
        try {
            var store = PemKeyStore.load(certificate, key);
            ssl.reload(factory -> factory.setKeyStore(store));
            seen = now;
            LOG.info("reloaded the TLS certificate from {}", certificate);
        } catch (Exception e) {
            LOG.warn(
                    "cannot reload the TLS certificate from {}: {}; still serving the previous one",
                    certificate,
                    e.getMessage());
        }
    }

    private List<Object> stamp() {
        try {
            return List.of(
                    Files.getLastModifiedTime(certificate), Files.size(certificate),
                    Files.getLastModifiedTime(key), Files.size(key));
        } catch (IOException e) {
            return List.of(e.getClass().getName());
        }
    }
}
