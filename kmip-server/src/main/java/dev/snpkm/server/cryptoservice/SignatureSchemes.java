package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.DigitalSignatureAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.jspecify.annotations.Nullable;

/**
 * The signature scheme of a Sign or Signature Verify: RSASSA-PSS (RFC 8017 §8.1; MGF1 with the same hash unless the
 * Mask Generator Hashing Algorithm says otherwise, salt as long as the hash unless Salt Length says otherwise),
 * RSASSA-PKCS1-v1_5 (§8.2) or ECDSA (FIPS 186-4), chosen by the Digital Signature Algorithm if given, else by the
 * key's algorithm, Padding Method and Hashing Algorithm. With Digested Data (KMIP 1.4) the client hashed already:
 * the scheme signs the digest as is (PKCS#1 v1.5 wraps it in a DigestInfo first).
 */
public final class SignatureSchemes {
    /** Bouncy Castle, not registered globally: only for PSS over a precomputed digest, which the JDK lacks. */
    private static final Provider BC = new BouncyCastleProvider();

    private static final Map<DigitalSignatureAlgorithm, HashingAlgorithm> RSA_PKCS1 = Map.of(
            DigitalSignatureAlgorithm.SHA_1_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA_1,
            DigitalSignatureAlgorithm.SHA_224_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA_224,
            DigitalSignatureAlgorithm.SHA_256_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA_256,
            DigitalSignatureAlgorithm.SHA_384_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA_384,
            DigitalSignatureAlgorithm.SHA_512_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA_512,
            DigitalSignatureAlgorithm.SHA3_256_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA3_256,
            DigitalSignatureAlgorithm.SHA3_384_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA3_384,
            DigitalSignatureAlgorithm.SHA3_512_WITH_RSA_ENCRYPTION, HashingAlgorithm.SHA3_512);
    private static final Map<DigitalSignatureAlgorithm, HashingAlgorithm> ECDSA = Map.of(
            DigitalSignatureAlgorithm.ECDSA_WITH_SHA_1, HashingAlgorithm.SHA_1,
            DigitalSignatureAlgorithm.ECDSA_WITH_SHA224, HashingAlgorithm.SHA_224,
            DigitalSignatureAlgorithm.ECDSA_WITH_SHA256, HashingAlgorithm.SHA_256,
            DigitalSignatureAlgorithm.ECDSA_WITH_SHA384, HashingAlgorithm.SHA_384,
            DigitalSignatureAlgorithm.ECDSA_WITH_SHA512, HashingAlgorithm.SHA_512);

    private SignatureSchemes() {}

    enum Kind {
        PSS,
        PKCS1,
        ECDSA
    }

    /**
     * A scheme ready to be initialised with a key.
     *
     * @param prehashed whether the input is a digest (Digested Data) rather than the data
     */
    public record Scheme(
            Kind kind,
            EnumCode<HashingAlgorithm> hash,
            CryptographicParameters parameters,
            boolean prehashed,
            KmipVersion version) {
        /** The signature, initialised for signing with the key. */
        public Signatures forSigning(PrivateKey key, SecureRandom random) throws GeneralSecurityException {
            Signature s = signature(kind, hash, parameters, prehashed, saltLength(), version);
            s.initSign(key, random);
            return new Signatures(List.of(s));
        }

        /**
         * The signature(s), initialised for verifying with the key. A PSS signature whose Salt Length the parameters
         * leave open is checked with the two lengths in use: the hash's length (RFC 8017 §9.1 recommendation, what
         * this server signs with) and the maximum (OpenSSL's default, what the OASIS reference signs with).
         */
        public Signatures forVerifying(PublicKey key) throws GeneralSecurityException {
            List<Signature> all = new ArrayList<>();
            List<Integer> salts = new ArrayList<>(List.of(saltLength()));
            if (kind == Kind.PSS && parameters.field(Tag.SALT_LENGTH).isEmpty() && key instanceof RSAKey rsa) {
                int emLen = (rsa.getModulus().bitLength() - 1 + 7) / 8; // RFC 8017 §9.1.1
                salts.add(emLen - digestLength(hash, version) - 2);
            }
            for (int salt : salts) {
                Signature s = signature(kind, hash, parameters, prehashed, salt, version);
                s.initVerify(key);
                all.add(s);
            }
            return new Signatures(all);
        }

        private int saltLength() {
            return parameters
                    .field(Tag.SALT_LENGTH)
                    .map(f -> ((Ttlv.IntegerItem) f).value())
                    .orElse(digestLength(hash, version));
        }

        /** The bytes to feed the signature for a digest the client computed. */
        public byte[] input(byte[] digest, @Nullable KmipVersion v) {
            if (kind != Kind.PKCS1) {
                return digest;
            }
            try {
                // RFC 8017 §9.2 note 1: the DigestInfo's parameters are an explicit NULL.
                AlgorithmIdentifier id = new AlgorithmIdentifier(
                        new DefaultDigestAlgorithmIdentifierFinder()
                                .find(DigestAlgorithms.jcaName(hash, v))
                                .getAlgorithm(),
                        DERNull.INSTANCE);
                return new DigestInfo(id, digest).getEncoded("DER");
            } catch (IOException e) {
                throw ServiceRefusals.badParameters(v, "cannot encode the DigestInfo for " + hash);
            }
        }

        /** Checks a client's digest has the hash's length (a signature over the wrong length is useless). */
        public void checkDigestLength(byte[] digest, KmipVersion v) {
            int expected = digestLength(hash, v);
            if (digest.length != expected) {
                throw ServiceRefusals.badParameters(
                        v, "Digested Data is " + digest.length + " bytes; " + hash + " digests are " + expected);
            }
        }
    }

    public static Scheme of(String family, CryptographicParameters p, boolean prehashed, KmipVersion v) {
        Kind kind;
        EnumCode<HashingAlgorithm> hash = p.hashingAlgorithm().orElse(null);
        EnumCode<DigitalSignatureAlgorithm> dsa = p.field(Tag.DIGITAL_SIGNATURE_ALGORITHM)
                .map(f -> EnumCode.of(DigitalSignatureAlgorithm.class, ((Ttlv.Enumeration) f).value()))
                .orElse(null);
        if (dsa != null) {
            DigitalSignatureAlgorithm d = dsa.known().orElse(null);
            if (RSA_PKCS1.containsKey(d) && family.equals("RSA")) {
                kind = Kind.PKCS1;
                hash = EnumCode.of(RSA_PKCS1.get(d));
            } else if (d == DigitalSignatureAlgorithm.RSASSA_PSS && family.equals("RSA")) {
                kind = Kind.PSS;
            } else if (ECDSA.containsKey(d) && family.equals("EC")) {
                kind = Kind.ECDSA;
                hash = EnumCode.of(ECDSA.get(d));
            } else {
                throw ServiceRefusals.badParameters(
                        v, "Digital Signature Algorithm " + dsa + " is not supported with a " + family + " key");
            }
        } else if (family.equals("EC")) {
            kind = Kind.ECDSA;
        } else {
            EnumCode<PaddingMethod> padding = p.paddingMethod()
                    .orElseThrow(
                            () -> ServiceRefusals.badParameters(
                                    v,
                                    "RSA signatures need a Padding Method (PSS or PKCS1 v1.5) or a Digital Signature Algorithm"));
            if (padding.is(PaddingMethod.PSS)) {
                kind = Kind.PSS;
            } else if (padding.is(PaddingMethod.PKCS1_V1_5)) {
                kind = Kind.PKCS1;
            } else {
                throw ServiceRefusals.badParameters(
                        v, "RSA signatures support Padding Method PSS and PKCS1 v1.5, not " + padding);
            }
        }
        if (hash == null) {
            throw ServiceRefusals.badParameters(v, "the signature needs a Hashing Algorithm");
        }
        signature(kind, hash, p, prehashed, digestLength(hash, v), v); // refuse bad parameters before the key is read
        return new Scheme(kind, hash, p, prehashed, v);
    }

    private static int digestLength(EnumCode<HashingAlgorithm> hash, KmipVersion v) {
        return DigestAlgorithms.digest(hash, v).getDigestLength();
    }

    private static Signature signature(
            Kind kind,
            EnumCode<HashingAlgorithm> hash,
            CryptographicParameters p,
            boolean prehashed,
            int salt,
            KmipVersion v) {
        String h = DigestAlgorithms.jcaName(hash, v);
        String compact = h.startsWith("SHA3-") ? h : h.replace("-", ""); // JCA: SHA256withRSA, SHA3-256withRSA
        try {
            switch (kind) {
                case PKCS1:
                    return Signature.getInstance(prehashed ? "NONEwithRSA" : compact + "withRSA");
                case ECDSA:
                    return Signature.getInstance(prehashed ? "NONEwithECDSA" : compact + "withECDSA");
                default:
                    String mgf = DigestAlgorithms.jcaName(
                            p.maskGeneratorHashingAlgorithm().orElse(hash), v);
                    PSSParameterSpec spec = new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(mgf), salt, 1);
                    Signature s = prehashed
                            ? Signature.getInstance("RAWRSASSA-PSS", BC)
                            : Signature.getInstance("RSASSA-PSS");
                    s.setParameter(spec);
                    return s;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ServiceRefusals.badParameters(
                    v, "cannot set up the " + kind + " signature with " + hash + ": " + e.getMessage());
        }
    }
}
