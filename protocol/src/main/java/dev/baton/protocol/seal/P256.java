package dev.baton.protocol.seal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * ECDH on P-256 with the JDK, in the forms a browser's Web Crypto uses: a public key travels as its raw
 * uncompressed point ({@code 04 || X || Y}, 65 bytes, what {@code exportKey("raw")} gives) and the shared
 * secret is the 32-byte X coordinate ({@code deriveBits(…, 256)}).
 */
public final class P256 {
    public static final int PUBLIC_KEY_BYTES = 65;
    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec CURVE = curve();

    private P256() {}

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(CURVE);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is unavailable in this JDK", e);
        }
    }

    /** The raw uncompressed point. */
    public static byte[] raw(PublicKey key) {
        ECPoint point = ((ECPublicKey) key).getW();
        byte[] raw = new byte[PUBLIC_KEY_BYTES];
        raw[0] = 4;
        copyCoordinate(point.getAffineX(), raw, 1);
        copyCoordinate(point.getAffineY(), raw, 1 + COORDINATE_BYTES);
        return raw;
    }

    /** The raw uncompressed point as the wire carries it: base64url without padding. */
    public static String encode(PublicKey key) {
        return Seal.base64url(raw(key));
    }

    /**
     * The public key of a raw uncompressed point.
     *
     * @throws SealException when it is not 65 bytes starting with 4, or not a point of the curve (a point
     *     off the curve would leak bits of the private key it is combined with)
     */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES || raw[0] != 4) {
            throw new SealException("a P-256 public key is 65 bytes starting with 4 (uncompressed)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 1 + COORDINATE_BYTES, PUBLIC_KEY_BYTES));
        EllipticCurve curve = CURVE.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.pow(2).mod(p).equals(right)) {
            throw new SealException("a P-256 public key is not a point of the curve");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), CURVE));
        } catch (GeneralSecurityException e) {
            throw new SealException("a P-256 public key was refused: " + e.getMessage(), e);
        }
    }

    /** A private key in its PKCS#8 form (what Web Crypto's {@code exportKey("pkcs8")} gives). */
    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new SealException("not a PKCS#8 EC private key: " + e.getMessage(), e);
        }
    }

    /** ECDH: the X coordinate of the shared point, 32 bytes. */
    public static byte[] sharedSecret(PrivateKey mine, PublicKey theirs) {
        try {
            javax.crypto.KeyAgreement agreement = javax.crypto.KeyAgreement.getInstance("ECDH");
            agreement.init(mine);
            agreement.doPhase(theirs, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new SealException("ECDH failed: " + e.getMessage(), e);
        }
    }

    private static void copyCoordinate(BigInteger value, byte[] into, int at) {
        byte[] bytes = value.toByteArray(); // big-endian, maybe with a leading zero byte or shorter than 32
        int length = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - length, into, at + COORDINATE_BYTES - length, length);
    }

    private static ECParameterSpec curve() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is unavailable in this JDK", e);
        }
    }
}
