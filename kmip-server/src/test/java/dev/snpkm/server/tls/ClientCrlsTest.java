package dev.snpkm.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestPki.Credential;
import dev.snpkm.server.testing.TestPki.CrlSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCrlsTest {
    private static final Instant NEXT_WEEK = Instant.now().plus(Duration.ofDays(7));

    @TempDir
    static Path dir;

    static TestPki pki;
    static CaBundle bothCas;

    @BeforeAll
    static void generatePki() {
        pki = TestPki.generate(dir.resolve("pki"));
        bothCas = new CaBundle(List.of(pki.caCertificate(), pki.untrustedCaCertificate()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aListedCertificateIsRefusedByIssuerAndSerialAndItsSiblingPasses(boolean der) throws Exception {
        Credential revoked = pki.issueClient("listed-" + der, "listed");
        Credential sibling = pki.issueClient("sibling-" + der, "sibling");
        Path crl = pki.writeCrl("listed-" + der + ".crl", CrlSigner.CA, NEXT_WEEK, der, revoked);

        ClientCrls crls = ClientCrls.load(List.of(crl), bothCas, Clock.systemUTC());

        assertThat(crls.refusal(List.of(revoked.certificate())))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains(
                                "CN=listed,O=snpkm tests",
                                "serial "
                                        + revoked.certificate()
                                                .getSerialNumber()
                                                .toString(16),
                                "revoked",
                                "KEY_COMPROMISE"));
        assertThat(crls.refusal(List.of(sibling.certificate()))).isEmpty();
        assertThat(crls.refusal(List.of(pki.untrustedClient().certificate())))
                .as("the other CA has no CRL: opt-in per issuer")
                .isEmpty();
    }

    @Test
    void anExpiredCrlRefusesEveryCertificateOfThatIssuerOnly() throws Exception {
        Path crl = pki.writeCrl(
                "expired.crl", CrlSigner.UNTRUSTED_CA, Instant.now().minus(Duration.ofMinutes(5)), false);

        ClientCrls crls = ClientCrls.load(List.of(crl), bothCas, Clock.systemUTC());

        assertThat(crls.refusal(List.of(pki.untrustedClient().certificate())))
                .hasValueSatisfying(reason -> assertThat(reason).contains("CN=intruder", "expired at"));
        assertThat(crls.refusal(List.of(pki.client().certificate()))).isEmpty();
    }

    @Test
    void aCrlSignedByAnotherKeyIsRejected() {
        Path crl = pki.writeCrl("wrong-key.crl", CrlSigner.WRONG_KEY, NEXT_WEEK, false);

        assertThatThrownBy(() -> ClientCrls.load(List.of(crl), bothCas, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessage(crl + ": the CRL signature does not verify against the client CA "
                        + "CN=snpkm test CA,O=snpkm tests");
    }

    @Test
    void aCrlOfAnIssuerThatIsNotAClientCaIsRejected() {
        Path crl = pki.writeCrl("unknown-issuer.crl", CrlSigner.UNTRUSTED_CA, NEXT_WEEK, true);
        CaBundle onlyOurs = new CaBundle(List.of(pki.caCertificate()));

        assertThatThrownBy(() -> ClientCrls.load(List.of(crl), onlyOurs, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        "is issued by CN=untrusted test CA,O=elsewhere, which is not one of the client " + "CAs");
    }

    @Test
    void aFileThatIsNoCrlIsRejected() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.crl"), "-----BEGIN X509 CRL-----\nnope\n");

        assertThatThrownBy(() -> ClientCrls.load(List.of(garbage), bothCas, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(garbage.toString());
        assertThatThrownBy(() -> ClientCrls.load(List.of(pki.caCertificatePem()), bothCas, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a PEM or DER X.509 CRL");
        Path empty = Files.writeString(dir.resolve("empty.crl"), "");
        assertThatThrownBy(() -> ClientCrls.load(List.of(empty), bothCas, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds 0 CRLs");
    }

    @Test
    void aRewrittenFileIsReloadedAndABadRewriteKeepsThePreviousCrl() throws Exception {
        Credential alice = pki.issueClient("reload-alice", "reload-alice");
        Credential bob = pki.issueClient("reload-bob", "reload-bob");
        Path crl = pki.writeCrl("reload.crl", CrlSigner.CA, NEXT_WEEK, false);
        ClientCrls crls = ClientCrls.load(List.of(crl), new CaBundle(List.of(pki.caCertificate())), Clock.systemUTC());
        assertThat(crls.refusal(List.of(alice.certificate()))).isEmpty();

        rewrite(() -> pki.writeCrl("reload.crl", CrlSigner.CA, NEXT_WEEK, false, alice), crl, 1);
        assertThat(crls.refusal(List.of(alice.certificate()))).isPresent();

        // A forged CRL that would also revoke bob, a CRL of a CA that is not a client CA, and a deleted file: each
        // keeps the previous good CRL.
        rewrite(() -> pki.writeCrl("reload.crl", CrlSigner.WRONG_KEY, NEXT_WEEK, false, bob), crl, 2);
        assertThat(crls.refusal(List.of(alice.certificate()))).isPresent();
        assertThat(crls.refusal(List.of(bob.certificate()))).isEmpty();
        rewrite(() -> pki.writeCrl("reload.crl", CrlSigner.UNTRUSTED_CA, NEXT_WEEK, false), crl, 3);
        assertThat(crls.refusal(List.of(alice.certificate()))).isPresent();
        Files.delete(crl);
        assertThat(crls.refusal(List.of(alice.certificate()))).isPresent();

        rewrite(() -> pki.writeCrl("reload.crl", CrlSigner.CA, NEXT_WEEK, true, bob), crl, 4);
        assertThat(crls.refusal(List.of(alice.certificate()))).isEmpty();
        assertThat(crls.refusal(List.of(bob.certificate()))).isPresent();
    }

    @Test
    void aRewriteTheHostNoLongerTrustsKeepsThePreviousCrl() throws Exception {
        Credential carol = pki.issueClient("trust-carol", "trust-carol");
        Path crl = pki.writeCrl("trust.crl", CrlSigner.CA, NEXT_WEEK, false);
        AtomicBoolean trusted = new AtomicBoolean(true);
        ClientCrls crls =
                ClientCrls.load(List.of(crl), new CaBundle(List.of(pki.caCertificate())), Clock.systemUTC(), file -> {
                    if (!trusted.get()) {
                        throw new IOException(file + " is writable by others");
                    }
                });

        // A well-signed CRL that would revoke carol, written while the host no longer trusts the file: not believed.
        trusted.set(false);
        rewrite(() -> pki.writeCrl("trust.crl", CrlSigner.CA, NEXT_WEEK, false, carol), crl, 1);
        assertThat(crls.refusal(List.of(carol.certificate()))).isEmpty();
        // The operator's fix is a chmod, which leaves the contents, size and modification time as they were: the file
        // is read again all the same.
        trusted.set(true);
        Files.setPosixFilePermissions(crl, Files.getPosixFilePermissions(crl));
        assertThat(crls.refusal(List.of(carol.certificate()))).isPresent();
    }

    @Test
    void noCrlsRefuseNothing() {
        assertThat(ClientCrls.none().isEmpty()).isTrue();
        assertThat(ClientCrls.none().refusal(List.of(pki.client().certificate())))
                .isEmpty();
    }

    /** Rewrites and stamps a distinct modification time, so the change is seen even if the size happens to match. */
    private static void rewrite(Runnable write, Path file, int tick) throws IOException {
        write.run();
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + tick * 1000L));
    }
}
