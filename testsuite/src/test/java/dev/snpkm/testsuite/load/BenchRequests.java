package dev.snpkm.testsuite.load;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Sign;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark requests, KMIP 1.2 through the typed model. The header holds only Protocol Version and Batch
 * Count: PyKMIP 0.10 cannot parse correlation values or attestation fields in a request header.
 */
final class BenchRequests {
    private static final KmipVersion VERSION = KmipVersion.V1_2;

    private BenchRequests() {}

    /** Create an AES-256 Encrypt|Decrypt key. */
    static Ttlv.Structure createAes256() {
        Attributes attributes = Attributes.of(
                Attribute.of(
                        "Cryptographic Algorithm",
                        Ttlv.enumeration(Tag.ATTRIBUTE_VALUE, CryptographicAlgorithm.AES.value())),
                Attribute.of("Cryptographic Length", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 256)),
                Attribute.of(
                        "Cryptographic Usage Mask",
                        Ttlv.integer(
                                Tag.ATTRIBUTE_VALUE,
                                CryptographicUsageMask.ENCRYPT.value() | CryptographicUsageMask.DECRYPT.value())));
        return message(RequestBatchItem.of(Operation.CREATE, Create.Request.of(ObjectType.SYMMETRIC_KEY, attributes)));
    }

    /** Create an RSA-2048 key pair: the private key may Sign, the public key Verify. */
    static Ttlv.Structure createRsa2048Pair() {
        Attributes common = Attributes.of(
                Attribute.of(
                        "Cryptographic Algorithm",
                        Ttlv.enumeration(Tag.ATTRIBUTE_VALUE, CryptographicAlgorithm.RSA.value())),
                Attribute.of("Cryptographic Length", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 2048)));
        return message(RequestBatchItem.of(
                Operation.CREATE_KEY_PAIR,
                CreateKeyPair.Request.of(
                        common,
                        Attributes.of(usage(CryptographicUsageMask.SIGN)),
                        Attributes.of(usage(CryptographicUsageMask.VERIFY)))));
    }

    static Ttlv.Structure activate(String uniqueIdentifier) {
        return message(
                RequestBatchItem.of(Operation.ACTIVATE, new Activate.Request(UniqueIdentifier.of(uniqueIdentifier))));
    }

    /** AES-GCM Encrypt of {@code data}; the server chooses the IV (Random IV), as a client should let it. */
    static Ttlv.Structure encryptGcm(String uniqueIdentifier, byte[] data) {
        // PyKMIP 0.10 takes the algorithm from the parameters, not from the key, so they name it.
        CryptographicParameters gcm = CryptographicParameters.builder()
                .blockCipherMode(BlockCipherMode.GCM)
                .cryptographicAlgorithm(CryptographicAlgorithm.AES)
                .set(Ttlv.bool(Tag.RANDOM_IV, true))
                .set(Ttlv.integer(Tag.TAG_LENGTH, 16))
                .build();
        return message(RequestBatchItem.of(
                Operation.ENCRYPT,
                new Encrypt.Request(UniqueIdentifier.of(uniqueIdentifier), gcm, Secret.of(data), null, null, null)));
    }

    /** RSASSA-PSS (SHA-256) Sign of {@code data}. */
    static Ttlv.Structure signPss(String uniqueIdentifier, byte[] data) {
        CryptographicParameters pss = CryptographicParameters.builder()
                .paddingMethod(PaddingMethod.PSS)
                .hashingAlgorithm(HashingAlgorithm.SHA_256)
                .cryptographicAlgorithm(CryptographicAlgorithm.RSA)
                .build();
        return message(RequestBatchItem.of(Operation.SIGN, Sign.Request.of(uniqueIdentifier, pss, data)));
    }

    private static Attribute usage(CryptographicUsageMask bit) {
        return Attribute.of("Cryptographic Usage Mask", Ttlv.integer(Tag.ATTRIBUTE_VALUE, bit.value()));
    }

    /** The Private Key Unique Identifier of a Create Key Pair response. */
    static Optional<String> privateKeyUniqueIdentifier(Ttlv.Structure response) {
        return batchItem(response)
                .flatMap(i -> i.child(Tag.RESPONSE_PAYLOAD))
                .flatMap(p -> ((Ttlv.Structure) p).child(Tag.PRIVATE_KEY_UNIQUE_IDENTIFIER))
                .map(u -> ((Ttlv.TextString) u).value());
    }

    static Ttlv.Structure get(String uniqueIdentifier) {
        return message(RequestBatchItem.of(Operation.GET, Get.Request.of(uniqueIdentifier)));
    }

    private static Ttlv.Structure message(RequestBatchItem item) {
        RequestHeader header = RequestHeader.builder(VERSION).build();
        return (Ttlv.Structure) MessageMapper.toTtlv(RequestMessage.of(header, List.of(item)));
    }

    /** Whether the (single) batch item succeeded; read off the tree so that timing excludes typed mapping. */
    static boolean succeeded(Ttlv.Structure response) {
        return batchItem(response)
                .flatMap(i -> i.child(Tag.RESULT_STATUS))
                .filter(s -> ((Ttlv.Enumeration) s).value() == ResultStatus.SUCCESS.value())
                .isPresent();
    }

    /** The Unique Identifier in a response payload. */
    static Optional<String> uniqueIdentifier(Ttlv.Structure response) {
        return batchItem(response)
                .flatMap(i -> i.child(Tag.RESPONSE_PAYLOAD))
                .flatMap(p -> ((Ttlv.Structure) p).child(Tag.UNIQUE_IDENTIFIER))
                .map(u -> ((Ttlv.TextString) u).value());
    }

    private static Optional<Ttlv.Structure> batchItem(Ttlv.Structure response) {
        return response.child(Tag.BATCH_ITEM).map(i -> (Ttlv.Structure) i);
    }
}
