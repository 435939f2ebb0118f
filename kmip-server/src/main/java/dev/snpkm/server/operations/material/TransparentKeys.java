package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.DSAPrivateKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.DSAPrivateKeySpec;
import java.security.spec.DSAPublicKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Transparent RSA and DSA keys (KMIP 1.4 §2.1.7.4-2.1.7.7, 2.1 §2.1.7): the Key Material structure of big integers,
 * converted to and from the stored PKCS#8 / X.509 SubjectPublicKeyInfo through the JDK's key factories. Big integers
 * are immutable and cannot be zeroed; they live only for the request.
 */
final class TransparentKeys {
    private static final KmipRegistry R = KmipRegistry.get();

    /** One transparent format: its JCA algorithm, its fields in specification order, and how to read them. */
    private record Shape(
            String algorithm,
            List<String> fields,
            Function<Map<String, BigInteger>, KeySpec> spec,
            Function<java.security.Key, List<BigInteger>> values) {}

    private static final Map<KeyFormatType, Shape> SHAPES = Map.of(
            KeyFormatType.TRANSPARENT_RSA_PUBLIC_KEY,
                    new Shape(
                            "RSA",
                            List.of("Modulus", "Public Exponent"),
                            f -> new RSAPublicKeySpec(f.get("Modulus"), f.get("Public Exponent")),
                            k -> List.of(((RSAPublicKey) k).getModulus(), ((RSAPublicKey) k).getPublicExponent())),
            KeyFormatType.TRANSPARENT_RSA_PRIVATE_KEY,
                    new Shape(
                            "RSA",
                            List.of(
                                    "Modulus",
                                    "Private Exponent",
                                    "Public Exponent",
                                    "P",
                                    "Q",
                                    "Prime Exponent P",
                                    "Prime Exponent Q",
                                    "CRT Coefficient"),
                            TransparentKeys::rsaPrivate,
                            TransparentKeys::rsaPrivateValues),
            KeyFormatType.TRANSPARENT_DSA_PUBLIC_KEY,
                    new Shape(
                            "DSA",
                            List.of("P", "Q", "G", "Y"),
                            f -> new DSAPublicKeySpec(f.get("Y"), f.get("P"), f.get("Q"), f.get("G")),
                            k -> dsaValues(((DSAPublicKey) k).getParams(), ((DSAPublicKey) k).getY())),
            KeyFormatType.TRANSPARENT_DSA_PRIVATE_KEY,
                    new Shape(
                            "DSA",
                            List.of("P", "Q", "G", "X"),
                            f -> new DSAPrivateKeySpec(f.get("X"), f.get("P"), f.get("Q"), f.get("G")),
                            k -> dsaValues(((DSAPrivateKey) k).getParams(), ((DSAPrivateKey) k).getX())));

    private TransparentKeys() {}

    static boolean isTransparentAsymmetric(EnumCode<KeyFormatType> format) {
        return format.known().map(SHAPES::containsKey).orElse(false);
    }

    /** A transparent private key's material as PKCS#8. */
    static byte[] privateToPkcs8(EnumCode<KeyFormatType> format, KeyMaterial material) {
        Shape s = shape(format);
        Map<String, BigInteger> fields = fields(s, material, format);
        try {
            return KeyFactory.getInstance(s.algorithm())
                    .generatePrivate(s.spec().apply(fields))
                    .getEncoded();
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw invalid(format);
        }
    }

    /** A transparent public key's material as X.509 SubjectPublicKeyInfo. */
    static byte[] publicToSpki(EnumCode<KeyFormatType> format, KeyMaterial material) {
        Shape s = shape(format);
        Map<String, BigInteger> fields = fields(s, material, format);
        try {
            return KeyFactory.getInstance(s.algorithm())
                    .generatePublic(s.spec().apply(fields))
                    .getEncoded();
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw invalid(format);
        }
    }

    /** Stored PKCS#8 as the transparent private key {@code format}; a key of another algorithm is unsupported. */
    static KeyMaterial privateFromPkcs8(byte[] pkcs8, KeyFormatType format) {
        Shape s = shape(EnumCode.of(format));
        try {
            return material(s, KeyFactory.getInstance(s.algorithm()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw KeyFormats.unsupported(EnumCode.of(format));
        }
    }

    /** Stored SubjectPublicKeyInfo as the transparent public key {@code format}. */
    static KeyMaterial publicFromSpki(byte[] spki, KeyFormatType format) {
        Shape s = shape(EnumCode.of(format));
        try {
            return material(s, KeyFactory.getInstance(s.algorithm()).generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw KeyFormats.unsupported(EnumCode.of(format));
        }
    }

    private static Shape shape(EnumCode<KeyFormatType> format) {
        Shape s = format.known().map(SHAPES::get).orElse(null);
        if (s == null) {
            throw KeyFormats.unsupported(format);
        }
        return s;
    }

    private static Map<String, BigInteger> fields(Shape s, KeyMaterial material, EnumCode<KeyFormatType> format) {
        if (!(material instanceof KeyMaterial.Transparent t)) {
            throw invalid(format);
        }
        Map<String, BigInteger> out = new java.util.HashMap<>();
        for (String name : s.fields()) {
            t.structure()
                    .child(R.tagValue(name))
                    .filter(Ttlv.BigInt.class::isInstance)
                    .ifPresent(v -> out.put(name, new BigInteger(((Ttlv.BigInt) v).encoded())));
        }
        return out;
    }

    private static KeyMaterial material(Shape s, java.security.Key key) {
        List<BigInteger> values = s.values().apply(key);
        List<Ttlv> items = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            items.add(Ttlv.bigInteger(R.tagValue(s.fields().get(i)), values.get(i)));
        }
        return new KeyMaterial.Transparent(Ttlv.structure(Tag.KEY_MATERIAL, items));
    }

    /** KMIP requires Modulus and Private Exponent; the CRT fields are optional but come all together or not at all. */
    private static KeySpec rsaPrivate(Map<String, BigInteger> f) {
        BigInteger n = f.get("Modulus");
        BigInteger d = f.get("Private Exponent");
        if (n == null || d == null) {
            throw new IllegalArgumentException("Modulus and Private Exponent are required");
        }
        List<String> crt =
                List.of("Public Exponent", "P", "Q", "Prime Exponent P", "Prime Exponent Q", "CRT Coefficient");
        if (crt.stream().allMatch(f::containsKey)) {
            return new RSAPrivateCrtKeySpec(
                    n,
                    f.get("Public Exponent"),
                    d,
                    f.get("P"),
                    f.get("Q"),
                    f.get("Prime Exponent P"),
                    f.get("Prime Exponent Q"),
                    f.get("CRT Coefficient"));
        }
        return new RSAPrivateKeySpec(n, d);
    }

    private static List<BigInteger> rsaPrivateValues(java.security.Key k) {
        if (!(k instanceof RSAPrivateCrtKey c)) {
            throw new ClassCastException("stored RSA private key lacks its CRT values");
        }
        return List.of(
                c.getModulus(),
                c.getPrivateExponent(),
                c.getPublicExponent(),
                c.getPrimeP(),
                c.getPrimeQ(),
                c.getPrimeExponentP(),
                c.getPrimeExponentQ(),
                c.getCrtCoefficient());
    }

    private static List<BigInteger> dsaValues(java.security.interfaces.DSAParams p, BigInteger key) {
        return List.of(p.getP(), p.getQ(), p.getG(), key);
    }

    private static KmipOperationException invalid(EnumCode<KeyFormatType> format) {
        return new KmipOperationException(
                ResultReason.INVALID_FIELD, "Key Material is not a complete, valid " + format + " structure");
    }
}
