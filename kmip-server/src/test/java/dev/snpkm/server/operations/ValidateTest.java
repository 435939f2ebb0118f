package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.Validate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestChains;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Validate (KMIP 2.1 §6.1.52) over mutual TLS: a chain given by value, by Unique Identifier or both is judged against
 * its own root at the Validity Date; bad requests get a one-line reason.
 */
class ValidateTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final TestChains.Chain CHAIN = TestChains.generate("validate");

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void aChainByValueOrByIdentifierIsValidAndWithoutItsRootUnknown() {
        try (var s = server.session(server.owner)) {
            for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                assertThat(indicator(s, v, values(CHAIN.leaf(), CHAIN.intermediate(), CHAIN.root()), List.of(), null))
                        .isEqualTo(ValidityIndicator.VALID);
            }
            String root = register(s, CHAIN.root().der());
            String intermediate = register(s, CHAIN.intermediate().der());
            assertThat(indicator(s, V, values(CHAIN.leaf()), List.of(intermediate, root), null))
                    .isEqualTo(ValidityIndicator.VALID);
            assertThat(indicator(s, V, values(CHAIN.leaf()), List.of(intermediate), null))
                    .isEqualTo(ValidityIndicator.UNKNOWN);
            long inAWeek = server.clock.instant().getEpochSecond() + 7 * 86_400;
            assertThat(indicator(s, V, values(CHAIN.leaf()), List.of(intermediate, root), inAWeek))
                    .isEqualTo(ValidityIndicator.INVALID);
            TestChains.Issued forged = TestChains.issue(
                    CHAIN.intermediate(),
                    "CN=forged",
                    false,
                    CHAIN.root().keys().getPrivate());
            assertThat(indicator(s, V, values(forged), List.of(intermediate, root), null))
                    .isEqualTo(ValidityIndicator.INVALID);
        }
    }

    @Test
    void badRequestsGetTheirReason() {
        try (var s = server.session(server.owner)) {
            expect(s, V, List.of(), List.of(), ResultReason.MISSING_DATA, "at least one Certificate");
            expect(
                    s,
                    V,
                    List.of(new ManagedObject.Certificate(EnumCode.of(CertificateType.X_509), Bytes.of(new byte[9]))),
                    List.of(),
                    ResultReason.INVALID_FIELD,
                    "Certificate 1 is not a DER-encoded X.509 certificate");
            expect(
                    s,
                    V,
                    List.of(new ManagedObject.Certificate(
                            EnumCode.of(CertificateType.PGP),
                            Bytes.of(CHAIN.root().der()))),
                    List.of(),
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "only X.509");
            expect(
                    s,
                    V,
                    Collections.nCopies(17, values(CHAIN.root()).get(0)),
                    List.of(),
                    ResultReason.INVALID_FIELD,
                    "at most 16");
            String aes = s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16]))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            expect(s, V, values(CHAIN.leaf()), List.of(aes), ResultReason.INVALID_OBJECT_TYPE, "takes Certificates");
            expect(
                    s,
                    KmipVersion.V1_4,
                    values(CHAIN.leaf()),
                    List.of(aes),
                    ResultReason.ILLEGAL_OPERATION,
                    "takes Certificates");
            expect(s, V, values(CHAIN.leaf()), List.of("no-such-cert"), ResultReason.OBJECT_NOT_FOUND, "no-such");
            String root = register(s, CHAIN.root().der());
            try (var other = server.session(server.other)) {
                expect(
                        other,
                        V,
                        values(CHAIN.intermediate()),
                        List.of(root),
                        ResultReason.PERMISSION_DENIED,
                        "belongs to another client");
            }
        }
    }

    private static void expect(
            EngineFixture.Session s,
            KmipVersion v,
            List<ManagedObject.Certificate> certificates,
            List<String> uids,
            ResultReason reason,
            String message) {
        var r = s.call(v, Operation.VALIDATE, request(certificates, uids, null));
        assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(reason));
        assertThat(r.resultMessage()).contains(message).doesNotContain("\n");
    }

    private static ValidityIndicator indicator(
            EngineFixture.Session s,
            KmipVersion v,
            List<ManagedObject.Certificate> certificates,
            List<String> uids,
            @Nullable Long date) {
        var r = s.call(v, Operation.VALIDATE, request(certificates, uids, date));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Validate.Response.class)
                .orElseThrow()
                .validityIndicator()
                .known()
                .orElseThrow();
    }

    private static Validate.Request request(
            List<ManagedObject.Certificate> certificates, List<String> uids, @Nullable Long date) {
        return new Validate.Request(
                certificates,
                uids.stream().<UniqueIdentifier>map(UniqueIdentifier::of).toList(),
                date);
    }

    static List<ManagedObject.Certificate> values(TestChains.Issued... certificates) {
        List<ManagedObject.Certificate> out = new ArrayList<>();
        for (TestChains.Issued c : certificates) {
            out.add(new ManagedObject.Certificate(EnumCode.of(CertificateType.X_509), Bytes.of(c.der())));
        }
        return out;
    }

    static String register(EngineFixture.Session s, byte[] der) {
        var r = s.call(
                V,
                Operation.REGISTER,
                Register.Request.of(
                        new ManagedObject.Certificate(EnumCode.of(CertificateType.X_509), Bytes.of(der)),
                        Attributes.EMPTY));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }
}
