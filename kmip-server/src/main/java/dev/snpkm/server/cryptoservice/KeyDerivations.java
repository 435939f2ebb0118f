package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.DerivationMethod;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.DeriveKey;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.generators.KDFCounterBytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KDFCounterParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.util.DigestFactory;
import org.jspecify.annotations.Nullable;

/**
 * The Derive Key methods (KMIP 1.4 §4.6, 2.1 §6.1 Derive Key), each from the base object's material and the Derivation
 * Parameters to exactly the length the template asks:
 * <ul>
 *   <li>PBKDF2 (RFC 8018 §5.2): the material is the password; Salt and Iteration Count required; PRF HMAC with the
 *       Hashing Algorithm, HMAC-SHA-1 (RFC 8018's default) when none is given.</li>
 *   <li>HASH: the hash of the material followed by the Derivation Data (if any). The material is always hashed in, so
 *       that the derived key is as secret as its base, never a hash of client-known data alone.</li>
 *   <li>HMAC: HMAC (RFC 2104) keyed with the material over the Derivation Data.</li>
 *   <li>ENCRYPT: the Derivation Data encrypted with the material as a symmetric key, in the Cryptographic Parameters'
 *       mode with the Initialization Vector ({@link SymmetricCiphers}; the key's algorithm is taken as AES).</li>
 *   <li>NIST800-108-C: SP 800-108 KDF in counter mode, PRF HMAC with the Hashing Algorithm, a 32-bit counter before
 *       the fixed input data (the Derivation Data), as PyKMIP derives it.</li>
 * </ul>
 * HASH and HMAC give at most one digest of output; the others any length up to {@link #MAX_BYTES}.
 */
public final class KeyDerivations {
    public static final int MAX_BYTES = 512;
    /**
     * PBKDF2 iterations one request may ask for: above OWASP's 600,000 for PBKDF2-HMAC-SHA256, and ~0.3 s of one core
     * on the build machine (JDK PBKDF2WithHmacSHA256, 2026-12-07); 10,000,000 held a worker for ~3.2 s per request.
     */
    public static final int MAX_ITERATIONS = 1_000_000;

    /** What a derivation starts from; {@code base} is the caller's and zeroed by it. */
    public record Input(
            byte[] base, DeriveKey.Parameters parameters, int length, SecureRandom random, KmipVersion version) {
        CryptographicParameters cryptographicParameters() {
            return parameters.cryptographicParameters() == null
                    ? CryptographicParameters.builder().build()
                    : parameters.cryptographicParameters();
        }
    }

    private static final Map<DerivationMethod, Function<Input, byte[]>> METHODS = Map.of(
            DerivationMethod.PBKDF2, KeyDerivations::pbkdf2,
            DerivationMethod.HASH, KeyDerivations::hash,
            DerivationMethod.HMAC, KeyDerivations::hmac,
            DerivationMethod.ENCRYPT, KeyDerivations::encrypt,
            DerivationMethod.NIST800_108_C, KeyDerivations::counterMode);

    private static final Map<HashingAlgorithm, Supplier<Digest>> DIGESTS = Map.ofEntries(
            Map.entry(HashingAlgorithm.SHA_1, DigestFactory::createSHA1),
            Map.entry(HashingAlgorithm.SHA_224, DigestFactory::createSHA224),
            Map.entry(HashingAlgorithm.SHA_256, DigestFactory::createSHA256),
            Map.entry(HashingAlgorithm.SHA_384, DigestFactory::createSHA384),
            Map.entry(HashingAlgorithm.SHA_512, DigestFactory::createSHA512),
            Map.entry(HashingAlgorithm.SHA_512_224, DigestFactory::createSHA512_224),
            Map.entry(HashingAlgorithm.SHA_512_256, DigestFactory::createSHA512_256),
            Map.entry(HashingAlgorithm.SHA3_224, DigestFactory::createSHA3_224),
            Map.entry(HashingAlgorithm.SHA3_256, DigestFactory::createSHA3_256),
            Map.entry(HashingAlgorithm.SHA3_384, DigestFactory::createSHA3_384),
            Map.entry(HashingAlgorithm.SHA3_512, DigestFactory::createSHA3_512));

    private KeyDerivations() {}

    /** The derived bytes, exactly {@code in.length()} of them; the caller zeroes them once stored. */
    public static byte[] derive(EnumCode<DerivationMethod> method, Input in) {
        Function<Input, byte[]> f = method.known().map(METHODS::get).orElse(null);
        if (f == null) {
            throw ServiceRefusals.badParameters(
                    in.version(),
                    "Derivation Method " + method + " is not supported; use PBKDF2, HASH, HMAC, ENCRYPT or "
                            + "NIST800-108-C");
        }
        if (in.length() < 1 || in.length() > MAX_BYTES) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "a derived key is 1 to " + MAX_BYTES + " bytes, not " + in.length());
        }
        return f.apply(in);
    }

    private static byte[] pbkdf2(Input in) {
        DeriveKey.Parameters p = in.parameters();
        if (p.salt() == null || p.iterationCount() == null) {
            throw ServiceRefusals.missing("PBKDF2 needs the Salt and the Iteration Count");
        }
        int iterations = p.iterationCount();
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Iteration Count is 1 to " + MAX_ITERATIONS + ", not " + iterations);
        }
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(
                digest(in, HashingAlgorithm.SHA_1).get());
        g.init(in.base(), p.salt().toByteArray(), iterations);
        KeyParameter k = (KeyParameter) g.generateDerivedMacParameters(in.length() * 8);
        return k.getKey();
    }

    private static byte[] hash(Input in) {
        try {
            MessageDigest md =
                    MessageDigest.getInstance(DigestAlgorithms.jcaName(EnumCode.of(hashing(in, null)), in.version()));
            md.update(in.base());
            md.update(data(in.parameters().derivationData()));
            return fit(md.digest(), in, "HASH");
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.unsupported("this JDK lacks the digest: " + e.getMessage());
        }
    }

    private static byte[] hmac(Input in) {
        if (in.parameters().derivationData() == null) {
            throw ServiceRefusals.missing("HMAC derivation needs the Derivation Data to authenticate");
        }
        String name = hmacName(hashing(in, null), in.version());
        try {
            Mac mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(nonEmpty(in.base(), in.version()), name));
            return fit(mac.doFinal(in.parameters().derivationData().toByteArray()), in, "HMAC");
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.badParameters(in.version(), "cannot set up " + name + ": " + e.getMessage());
        }
    }

    private static byte[] encrypt(Input in) {
        if (in.parameters().derivationData() == null) {
            throw ServiceRefusals.missing("ENCRYPT derivation needs the Derivation Data to encrypt");
        }
        Bytes iv = in.parameters().initializationVector();
        SymmetricCiphers.Started s = BlockCiphers.start(new CipherRequest(
                true,
                in.base(),
                in.cryptographicParameters(),
                iv == null ? null : iv.toByteArray(),
                null,
                0,
                in.random(),
                in.version()));
        if (s.generatedIv() != null) {
            throw ServiceRefusals.missing("ENCRYPT derivation in " + s.modeName()
                    + " needs the Initialization Vector: a random one would make the derivation unrepeatable");
        }
        byte[] out = SymmetricCiphers.finish(s, in.parameters().derivationData().toByteArray());
        return fit(out, in, "ENCRYPT");
    }

    private static byte[] counterMode(Input in) {
        byte[] fixed = data(in.parameters().derivationData());
        KDFCounterBytesGenerator g =
                new KDFCounterBytesGenerator(new HMac(digest(in, null).get()));
        g.init(new KDFCounterParameters(nonEmpty(in.base(), in.version()), null, fixed, 32));
        byte[] out = new byte[in.length()];
        g.generateBytes(out, 0, out.length);
        return out;
    }

    /** The first {@code length} bytes of a one-block output; shorter output than asked is refused. */
    private static byte[] fit(byte[] out, Input in, String method) {
        if (out.length < in.length()) {
            Arrays.fill(out, (byte) 0);
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    method + " derivation gives " + out.length + " bytes with these parameters, fewer than the "
                            + in.length() + " the template's Cryptographic Length asks; use NIST800-108-C or PBKDF2 "
                            + "for longer keys");
        }
        if (out.length == in.length()) {
            return out;
        }
        byte[] fitted = Arrays.copyOf(out, in.length());
        Arrays.fill(out, (byte) 0);
        return fitted;
    }

    /** The Hashing Algorithm of the Cryptographic Parameters, or {@code fallback} (null: it is required). */
    private static HashingAlgorithm hashing(Input in, @Nullable HashingAlgorithm fallback) {
        var h = in.cryptographicParameters().hashingAlgorithm();
        if (h.isEmpty()) {
            if (fallback != null) {
                return fallback;
            }
            throw ServiceRefusals.missing(
                    "this Derivation Method needs a Hashing Algorithm in the Derivation Parameters' Cryptographic "
                            + "Parameters");
        }
        return h.get()
                .known()
                .filter(DIGESTS::containsKey)
                .orElseThrow(() -> ServiceRefusals.badParameters(
                        in.version(),
                        "Hashing Algorithm " + h.get() + " is not supported; use SHA-1, SHA-2 (224 to 512) or SHA3"));
    }

    private static Supplier<Digest> digest(Input in, @Nullable HashingAlgorithm fallback) {
        // hashing() returns only algorithms DIGESTS has
        return Objects.requireNonNull(DIGESTS.get(hashing(in, fallback)));
    }

    /** The JCA name of HMAC with a hash: HmacSHA256, HmacSHA512/224, HmacSHA3-256. */
    private static String hmacName(HashingAlgorithm h, KmipVersion v) {
        String digest = DigestAlgorithms.jcaName(EnumCode.of(h), v);
        return "Hmac" + (digest.startsWith("SHA3") ? digest : digest.replace("SHA-", "SHA"));
    }

    private static byte[] nonEmpty(byte[] key, KmipVersion v) {
        if (key.length == 0) {
            throw ServiceRefusals.badParameters(v, "the base object's material is empty");
        }
        return key;
    }

    private static byte[] data(@Nullable Bytes b) {
        return b == null ? new byte[0] : b.toByteArray();
    }
}
