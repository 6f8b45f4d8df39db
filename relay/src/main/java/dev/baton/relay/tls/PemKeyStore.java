package dev.baton.relay.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and key in PEM files (what ACME clients and openssl write) as the in-memory key
 * store Jetty wants. The JDK reads PEM certificates itself; it reads keys only as PKCS#8, so that is
 * the key format accepted, with a conversion hint for the older PKCS#1 and SEC1 files.
 */
public final class PemKeyStore {
    /** The store never leaves memory; the password only satisfies the KeyStore API. */
    public static final String PASSWORD = "in-memory";

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {}

    /** @throws IllegalArgumentException with a one-line reason naming the file that is wrong */
    public static KeyStore load(Path certificateFile, Path keyFile) throws IOException {
        List<? extends Certificate> chain = certificates(certificateFile);
        PrivateKey key = key(keyFile, chain.getFirst().getPublicKey().getAlgorithm());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("relay", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot pair the key in " + keyFile + " with " + certificateFile, e);
        }
    }

    private static List<? extends Certificate> certificates(Path file) throws IOException {
        try (InputStream in = new ByteArrayInputStream(read(file, "certificate"))) {
            List<? extends Certificate> chain =
                    List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return chain;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    /** The file's bytes; a missing or unreadable file is said in words, not as the bare path the JDK reports. */
    private static byte[] read(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("the TLS " + what + " " + file + " is a directory, not a PEM file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the TLS " + what + " file " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(
                    "the TLS " + what + " file " + file + " cannot be read: permission denied", e);
        }
    }

    private static PrivateKey key(Path file, String algorithm) throws IOException {
        String pem = new String(read(file, "key"), StandardCharsets.UTF_8);
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            String hint =
                    pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")
                            ? "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem"
                            : "";
            throw new IllegalArgumentException(
                    file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)" + hint);
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    file + " is not the " + algorithm + " key of the certificate: " + e.getMessage(), e);
        }
    }
}
