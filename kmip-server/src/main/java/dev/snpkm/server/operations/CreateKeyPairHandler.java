package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.RecommendedCurve;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.AttributeInstances;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.operations.material.QuantumSafety;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.StoredObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Create Key Pair (KMIP 1.4 §4.2): RSA 2048/3072/4096 or EC P-256/P-384 (Cryptographic Length 256/384 or Recommended
 * Curve), generated with the JDK and SecureRandom. Each key gets the common attributes plus its own, and a Link to the
 * other (Private Key Link on the public key, Public Key Link on the private key). The ID Placeholder holds the private
 * key's UID.
 */
public final class CreateKeyPairHandler implements OperationHandler<CreateKeyPair.Request> {
    private static final Set<Integer> RSA_LENGTHS = Set.of(2048, 3072, 4096);
    private static final Map<Integer, String> EC_CURVES = Map.of(256, "secp256r1", 384, "secp384r1");
    /** The labels of the EC pairs made: one P-256/P-384 key serves signing (ECDSA) and key agreement (ECDH). */
    private static final List<CryptographicAlgorithm> EC_ALGORITHMS =
            List.of(CryptographicAlgorithm.EC, CryptographicAlgorithm.ECDSA, CryptographicAlgorithm.ECDH);

    static final String RECOMMENDED_CURVE = "Recommended Curve";
    private static final Map<RecommendedCurve, Integer> CURVE_LENGTHS =
            Map.of(RecommendedCurve.P_256, 256, RecommendedCurve.P_384, 384);

    @Override
    public Operation operation() {
        return Operation.CREATE_KEY_PAIR;
    }

    @Override
    public Class<CreateKeyPair.Request> requestType() {
        return CreateKeyPair.Request.class;
    }

    @Override
    public ResponsePayload handle(CreateKeyPair.Request request, OperationContext ctx) {
        Attributes common = Templates.apply(orEmpty(request.common()), ctx);
        Attributes privateAttrs = merge(common, Templates.apply(orEmpty(request.privateKey()), ctx));
        Attributes publicAttrs = merge(common, Templates.apply(orEmpty(request.publicKey()), ctx));
        AttributeRules.checkTemplate(privateAttrs, ctx);
        AttributeRules.checkTemplate(publicAttrs, ctx);
        UniqueNames.checkPair(privateAttrs, publicAttrs, ctx);
        ProtectionStorage.check(request.commonMasks());
        ProtectionStorage.check(request.privateMasks());
        ProtectionStorage.check(request.publicMasks());
        EnumCode<CryptographicAlgorithm> alg = privateAttrs
                .enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA, "Create Key Pair needs Cryptographic Algorithm"));
        boolean rsa = isRsa(alg, "Create Key Pair makes");
        int bits = length(privateAttrs, rsa)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA,
                        "Create Key Pair needs Cryptographic Length (or Recommended Curve for EC)"));
        QuantumSafety.check(privateAttrs, alg, bits);
        QuantumSafety.check(publicAttrs, alg, bits);
        KeyPair pair = generate(rsa, bits, ctx);
        StoredObject[] stored = storePair(
                pair, rsa, shaped(privateAttrs, rsa, bits), shaped(publicAttrs, rsa, bits), Owners.CALLER, ctx);
        ctx.batch().producedKeyPair(stored[0].uid(), stored[1].uid());
        return new CreateKeyPair.Response(stored[0].uid(), stored[1].uid(), null, null);
    }

    /**
     * Whether {@code alg} is RSA (else one of the EC labels); Invalid Field for any other. Only RSA and EC pairs are
     * made: any other algorithm was taken for EC (AES 256 made a P-256 pair labelled AES).
     */
    static boolean isRsa(EnumCode<CryptographicAlgorithm> alg, String operationMakes) {
        boolean rsa = alg.is(CryptographicAlgorithm.RSA);
        if (!rsa && EC_ALGORITHMS.stream().noneMatch(alg::is)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, operationMakes + " RSA and EC (EC, ECDSA, ECDH) key pairs, not " + alg);
        }
        return rsa;
    }

    /** Who a pair's keys belong to: each its own (a Re-key Key Pair's keep their predecessors'), null the caller. */
    record Owners(@Nullable String privateKey, @Nullable String publicKey) {
        static final Owners CALLER = new Owners(null, null);
    }

    /**
     * Stores a generated pair, each key linked to the other (Public Key Link on the private key, Private Key Link on
     * the public key), owned as {@code owners} says; returns {private, public}. The Public Key Link is checked against
     * the attribute bounds as the rest of the private key was at its creation.
     */
    static StoredObject[] storePair(
            KeyPair pair,
            boolean rsa,
            Attributes privateAttrs,
            Attributes publicAttrs,
            Owners owners,
            OperationContext ctx) {
        int privateFormat = (rsa ? KeyFormatType.PKCS_1 : KeyFormatType.PKCS_8).value();
        int publicFormat = (rsa ? KeyFormatType.PKCS_1 : KeyFormatType.X_509).value();
        StoredObject priv = CreateHandler.storeAndWipeOwnedBy(
                ObjectType.PRIVATE_KEY,
                privateAttrs,
                new StoredMaterial(
                        KeyFormatType.PKCS_8.value(),
                        0,
                        privateFormat,
                        pair.getPrivate().getEncoded()),
                owners.privateKey(),
                ctx);
        StoredObject pub = CreateHandler.storeAndWipeOwnedBy(
                ObjectType.PUBLIC_KEY,
                publicAttrs.with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.PRIVATE_KEY_LINK, priv.uid()))),
                new StoredMaterial(
                        KeyFormatType.X_509.value(),
                        0,
                        publicFormat,
                        pair.getPublic().getEncoded()),
                owners.publicKey(),
                ctx);
        KmipObject privView = ObjectAccess.view(priv, ctx);
        ObjectAccess.saveEditedAttributes(
                privView,
                privView.attributes()
                        .with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.PUBLIC_KEY_LINK, pub.uid()))),
                ctx);
        return new StoredObject[] {priv, pub};
    }

    /**
     * The pair's Cryptographic Length, or an EC pair's Recommended Curve's, checked; empty if it has neither. An EC
     * length that is not the curve's is Invalid Field: the key was made to the length and labelled with the curve.
     */
    static Optional<Integer> length(Attributes a, boolean rsa) {
        var curve = a.enumeration(RECOMMENDED_CURVE, RecommendedCurve.class);
        Optional<Integer> curveBits = curve.flatMap(EnumCode::known).map(CURVE_LENGTHS::get);
        Optional<Integer> length = a.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH);
        if (!rsa && curve.isPresent() && length.isPresent() && !length.equals(curveBits)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Cryptographic Length " + length.get() + " is not the length of Recommended Curve " + curve.get());
        }
        Optional<Integer> bits = length.or(() -> curveBits);
        bits.ifPresent(b -> checkLength(rsa, b));
        return bits;
    }

    /** RSA 2048/3072/4096 and EC P-256/P-384 only; anything else is Invalid Field. */
    static void checkLength(boolean rsa, int bits) {
        if (rsa ? !RSA_LENGTHS.contains(bits) : !EC_CURVES.containsKey(bits)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "cannot create a " + (rsa ? "RSA" : "EC") + " key pair of " + bits
                            + " bits: RSA 2048/3072/4096 and EC P-256/P-384 are supported");
        }
    }

    static KeyPair generate(boolean rsa, int bits, OperationContext ctx) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
            if (rsa) {
                g.initialize(bits, ctx.services().random());
            } else {
                g.initialize(
                        new ECGenParameterSpec(EC_CURVES.get(bits)),
                        ctx.services().random());
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new KmipOperationException(ResultReason.CRYPTOGRAPHIC_FAILURE, "key pair generation failed");
        }
    }

    /**
     * {@code a} labelled with the pair's real shape: its Cryptographic Length, and an EC key's Recommended Curve where
     * {@code a} names one. A length or curve of its own that differs (a public key's template, a re-keyed key's
     * predecessor's) would label a key of another size.
     */
    static Attributes shaped(Attributes a, boolean rsa, int bits) {
        Attributes out = a;
        if (!a.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH).equals(Optional.of(bits))) {
            out = StoredAttributes.replace(out, AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, bits));
        }
        if (!rsa && a.first(RECOMMENDED_CURVE).isPresent()) {
            RecommendedCurve curve = CURVE_LENGTHS.entrySet().stream()
                    .filter(e -> e.getValue() == bits)
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow();
            out = StoredAttributes.replace(out, AttributeFactory.enumeration(RECOMMENDED_CURVE, curve.value()));
        }
        return out;
    }

    /** Common attributes, then the key's own; the key's own win for single-instance attributes. */
    static Attributes merge(Attributes common, Attributes own) {
        List<Attribute> out = new ArrayList<>();
        for (Attribute a : common.list()) {
            if (AttributeInstances.isMultiInstance(a.name())
                    || own.first(a.name()).isEmpty()) {
                out.add(a);
            }
        }
        out.addAll(own.list());
        return new Attributes(out);
    }

    static Attributes orEmpty(@Nullable Attributes a) {
        return a == null ? Attributes.EMPTY : a;
    }
}
