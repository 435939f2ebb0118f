package dev.snpkm.server.operations.access;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Export;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.ObjectReads;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wrapping key a Get names in its Key Wrapping Specification, checked and accounted for as a key's use. */
class WrappingKeysTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final CryptographicParameters ECB = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.ECB)
            .build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void anotherClientsWrappingKeyIsPermissionDeniedAndAudited() {
        String kek;
        try (var owner = server.session(server.owner)) {
            kek = register(owner, new byte[32], wrapKey());
        }
        server.refusals.flushAll(); // no earlier refusal of this client's holds the next one back in its window
        try (var other = server.session(server.other)) {
            String dek = register(other, new byte[16]);
            ResponseBatchItem r = other.call(V, Operation.GET, Requests.getWrappedBy(dek, kek));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
        String otherDn = ClientIdentity.of(server.other.certificate()).subjectDn();
        List<AuditEvent> denied = server.audit.about(kek).stream()
                .filter(e -> e.action().equals("access-denied"))
                .toList();
        assertThat(denied)
                .as("as a Get of that key by this client is: naming it as a wrapping key is a probe too")
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).startsWith(otherDn);
                    assertThat(e.outcome()).isEqualTo("refused");
                    assertThat(e.detail()).contains("wrapping key " + kek + " belongs to another client");
                });
    }

    @Test
    void aWrapSpendsTheWrappingKeysUsageLimitsAsEncryptDoes() {
        try (var s = server.session(server.owner)) {
            String dek = register(s, new byte[16]);
            String once = register(s, new byte[32], wrapKey(), limits(1, UsageLimitsUnit.OBJECT));
            assertThat(s.call(V, Operation.GET, Requests.getWrappedBy(dek, once))
                            .isSuccess())
                    .isTrue();
            assertThat(ObjectReads.usageLimitsCount(s, once)).isZero();
            ResponseBatchItem spent = s.call(V, Operation.GET, Requests.getWrappedBy(dek, once));
            assertThat(spent.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(spent.resultMessage()).contains("Usage Limits");

            // Unit Byte: the bytes wrapped, the TTLV Key Value of a 16-byte key (8 + 8 + 16)
            String bytes = register(s, new byte[32], wrapKey(), limits(40, UsageLimitsUnit.BYTE));
            assertThat(s.call(V, Operation.GET, Requests.getWrappedBy(dek, bytes))
                            .isSuccess())
                    .isTrue();
            assertThat(ObjectReads.usageLimitsCount(s, bytes)).isEqualTo(8);
            ResponseBatchItem tooFew = s.call(V, Operation.GET, Requests.getWrappedBy(dek, bytes));
            assertThat(tooFew.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(ObjectReads.usageLimitsCount(s, bytes))
                    .as("the refused wrap spent nothing")
                    .isEqualTo(8);
        }
    }

    @Test
    void aWrappingKeyPastItsProtectStopDateIsRefusedAsForEncrypt() {
        try (var s = server.session(server.owner)) {
            String dek = register(s, new byte[16]);
            String stopped = register(
                    s,
                    new byte[32],
                    usage(CryptographicUsageMask.WRAP_KEY, CryptographicUsageMask.ENCRYPT),
                    AttributeFactory.date(
                            "Protect Stop Date", server.clock.instant().getEpochSecond() - 60));
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(stopped, ECB, new byte[16]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));
            ResponseBatchItem r = s.call(V, Operation.GET, Requests.getWrappedBy(dek, stopped));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));
            assertThat(r.resultMessage()).contains("Protect Stop Date");
        }
    }

    /**
     * A wrapping key without the Wrap Key bit: 2.x answers it as Encrypt answers a key without the Encrypt bit,
     * Incompatible Cryptographic Usage Mask (2.1 lists it among Get's reasons; it was Permission Denied), for Get and
     * Export; 1.x keeps Permission Denied, what 1.4's Get table gives a key "not usable for wrapping".
     */
    @Test
    void aWrappingKeyWithoutTheWrapKeyBitIsIncompatibleUsageMaskIn2xAndPermissionDeniedIn1x() {
        try (var s = server.session(server.owner)) {
            String dek = register(s, new byte[16]);
            String decryptOnly = register(s, new byte[32], usage(CryptographicUsageMask.DECRYPT));
            assertThat(s.call(V, Operation.ENCRYPT, Encrypt.Request.of(decryptOnly, ECB, new byte[16]))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));

            ResponseBatchItem get = s.call(V, Operation.GET, Requests.getWrappedBy(dek, decryptOnly));
            assertThat(get.resultReason())
                    .as(get.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));
            assertThat(get.resultMessage()).contains("lacks the Wrap Key bit");
            ResponseBatchItem export =
                    s.call(V, Operation.EXPORT, new Export.Request(Requests.getWrappedBy(dek, decryptOnly)));
            assertThat(export.resultReason())
                    .as(export.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));
            ResponseBatchItem get14 = s.call(KmipVersion.V1_4, Operation.GET, Requests.getWrappedBy(dek, decryptOnly));
            assertThat(get14.resultReason())
                    .as(get14.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    private static Attribute limits(long total, UsageLimitsUnit unit) {
        return Attribute.of(AttributeNames.USAGE_LIMITS, new UsageLimits(total, null, EnumCode.of(unit)));
    }

    private static Attribute wrapKey() {
        return usage(CryptographicUsageMask.WRAP_KEY);
    }

    private static String register(EngineFixture.Session s, byte[] key, Attribute... attributes) {
        Attribute[] all = java.util.Arrays.copyOf(attributes, attributes.length + 1);
        all[attributes.length] = activeSince(server.clock.instant().minusSeconds(60));
        ResponseBatchItem r = s.call(V, Operation.REGISTER, Requests.symmetricKey(key, all));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }
}
