package dev.snpkm.server.bench;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
import java.util.Optional;

/**
 * The two benchmark requests, KMIP 1.2 through the typed model. The header holds only Protocol Version and Batch
 * Count: PyKMIP 0.10 cannot parse correlation values or attestation fields in a request header.
 */
final class BenchRequests {
    private static final KmipVersion VERSION = KmipVersion.V1_2;

    private BenchRequests() {
    }

    /** Create an AES-256 Encrypt|Decrypt key. */
    static Ttlv.Structure createAes256() {
        Attributes attributes = Attributes.of(
                Attribute.of("Cryptographic Algorithm", Ttlv.enumeration(Tag.ATTRIBUTE_VALUE,
                        CryptographicAlgorithm.AES.value())),
                Attribute.of("Cryptographic Length", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 256)),
                Attribute.of("Cryptographic Usage Mask", Ttlv.integer(Tag.ATTRIBUTE_VALUE,
                        CryptographicUsageMask.ENCRYPT.value() | CryptographicUsageMask.DECRYPT.value())));
        return message(RequestBatchItem.of(Operation.CREATE, Create.Request.of(ObjectType.SYMMETRIC_KEY, attributes)));
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
        return batchItem(response).flatMap(i -> i.child(Tag.RESULT_STATUS))
                .filter(s -> ((Ttlv.Enumeration) s).value() == ResultStatus.SUCCESS.value()).isPresent();
    }

    /** The Unique Identifier in a response payload. */
    static Optional<String> uniqueIdentifier(Ttlv.Structure response) {
        return batchItem(response).flatMap(i -> i.child(Tag.RESPONSE_PAYLOAD))
                .flatMap(p -> ((Ttlv.Structure) p).child(Tag.UNIQUE_IDENTIFIER))
                .map(u -> ((Ttlv.TextString) u).value());
    }

    private static Optional<Ttlv.Structure> batchItem(Ttlv.Structure response) {
        return response.child(Tag.BATCH_ITEM).map(i -> (Ttlv.Structure) i);
    }
}
