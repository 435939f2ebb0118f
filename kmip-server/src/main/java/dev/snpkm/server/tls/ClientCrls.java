package dev.snpkm.server.tls;

import dev.snpkm.server.trust.InputTrust;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificate revocation lists for client certificates, opt-in per issuing CA: a certificate whose issuer has a
 * configured CRL is refused if that CRL lists it (issuer + serial) or if that CRL has expired (nextUpdate in the past:
 * fail closed, since an expired CRL no longer says anything about recent revocations); a certificate whose issuer has
 * no CRL is not affected. Files are re-read when their {@link FileVersion} changes; a bad new file keeps the previous
 * good CRL and logs one ERROR line.
 *
 * <p>JDK {@code X509CRL} (PEM or DER through {@code CertificateFactory}) rather than PKIX revocation checking:
 * {@code PKIXRevocationChecker} is all-or-nothing per path (every issuer needs a CRL or OCSP answer, or soft-fail for
 * all) and may fetch distribution points over the network, whereas these CRLs are local files, opt-in per CA, and an
 * expired one must refuse with our own log line. Bouncy Castle's parser would add nothing the JDK lacks here.
 */
public final class ClientCrls {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCrls.class);
    private static final String DELTA_CRL_INDICATOR = "2.5.29.27";

    /** One configured file: the last good CRL, and the version last looked at (good or bad: a bad file logs once). */
    private record Loaded(Path file, FileVersion seen, X509CRL crl) {}

    private final List<X509Certificate> cas;
    private final InputTrust trust;
    private final Clock clock;
    private volatile List<Loaded> loaded;

    private ClientCrls(List<X509Certificate> cas, InputTrust trust, Clock clock, List<Loaded> loaded) {
        this.cas = cas;
        this.trust = trust;
        this.clock = clock;
        this.loaded = loaded;
    }

    /** No CRL checking: every certificate the path check accepts stays accepted. */
    public static ClientCrls none() {
        return new ClientCrls(List.of(), InputTrust.anyFile(), Clock.systemUTC(), List.of());
    }

    /** Loads every file; the first bad one fails the whole load (a startup configuration error). */
    public static ClientCrls load(List<Path> files, CaBundle cas, Clock clock) throws IOException {
        return load(files, cas, clock, InputTrust.anyFile());
    }

    /**
     * As {@link #load(List, CaBundle, Clock)}; a file re-read on change must first pass {@code trust} (the host checked
     * it at start; it may have been made writable by others since), else the previous CRL stays.
     */
    public static ClientCrls load(List<Path> files, CaBundle cas, Clock clock, InputTrust trust) throws IOException {
        List<Loaded> loaded = new ArrayList<>();
        for (Path file : files) {
            FileVersion version = FileVersion.of(file);
            X509CRL crl = read(file, cas.certificates());
            logLoaded(file, crl, clock.instant());
            loaded.add(new Loaded(file, version, crl));
        }
        return new ClientCrls(cas.certificates(), trust, clock, List.copyOf(loaded));
    }

    /**
     * Parses one CRL file and verifies it: exactly one CRL, PEM or DER, not a delta CRL, issued and signed by one of
     * {@code cas}. The message of the exception names the file and the problem, for a one-line operator error.
     */
    public static X509CRL read(Path file, List<X509Certificate> cas) throws IOException {
        Collection<? extends CRL> crls;
        try (InputStream in = Files.newInputStream(file)) {
            crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a PEM or DER X.509 CRL: " + e.getMessage(), e);
        }
        if (crls.size() != 1) {
            throw new IOException(file + " holds " + crls.size() + " CRLs; put exactly one PEM or DER CRL per file");
        }
        X509CRL crl = (X509CRL) crls.iterator().next();
        if (crl.hasUnsupportedCriticalExtension()
                || (crl.getCriticalExtensionOIDs() != null
                        && crl.getCriticalExtensionOIDs().contains(DELTA_CRL_INDICATOR))) {
            throw new IOException(file + " is a delta CRL or has an unsupported critical extension; configure the "
                    + "CA's full CRL");
        }
        String issuer = crl.getIssuerX500Principal().getName();
        List<X509Certificate> named = cas.stream()
                .filter(ca -> ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal()))
                .toList();
        if (named.isEmpty()) {
            throw new IOException(
                    file + " is issued by " + issuer + ", which is not one of the client CAs " + "(tls.client-ca)");
        }
        for (X509Certificate ca : named) { // several: a CA that renewed its key under the same name
            try {
                crl.verify(ca.getPublicKey());
                return crl;
            } catch (GeneralSecurityException e) {
                // try the next certificate of that name
            }
        }
        throw new IOException(file + ": the CRL signature does not verify against the client CA " + issuer);
    }

    public boolean isEmpty() {
        return loaded.isEmpty();
    }

    /**
     * Why {@code chain} (leaf first) must be refused, after re-reading changed files; empty if it may pass. Every
     * certificate whose issuer has a CRL is checked, so a revoked intermediate refuses the leaves below it.
     */
    public Optional<String> refusal(List<X509Certificate> chain) {
        refresh();
        List<Loaded> current = loaded;
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (X509Certificate cert : chain) {
            for (Loaded l : current) {
                X509CRL crl = l.crl();
                if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    continue;
                }
                if (expired(crl, now)) {
                    return Optional.of("client certificate " + describe(cert) + " refused: the CRL of its issuer "
                            + crl.getIssuerX500Principal().getName() + " (" + l.file() + ") expired at "
                            + crl.getNextUpdate().toInstant() + "; certificates of that CA are refused until a "
                            + "current CRL is installed");
                }
                X509CRLEntry entry = crl.getRevokedCertificate(cert);
                if (entry != null) {
                    return Optional.of("client certificate " + describe(cert) + " is revoked by the CRL of "
                            + crl.getIssuerX500Principal().getName() + " (revoked "
                            + entry.getRevocationDate().toInstant()
                            + (entry.getRevocationReason() == null ? "" : ", " + entry.getRevocationReason()) + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Re-reads the files whose version changed since they were last looked at. */
    public void refresh() {
        List<Loaded> current = loaded;
        if (current.isEmpty()) {
            return; // none configured (none can be added later): the per-request check costs nothing
        }
        if (current.stream().allMatch(l -> l.seen().equals(FileVersion.orUnreadable(l.file())))) {
            return;
        }
        synchronized (this) { // one reload (and one ERROR line) per change, however many handshakes notice it
            List<Loaded> next = new ArrayList<>();
            for (Loaded l : loaded) {
                FileVersion version = FileVersion.orUnreadable(l.file());
                next.add(version.equals(l.seen()) ? l : reload(l, version));
            }
            loaded = List.copyOf(next);
        }
    }

    private Loaded reload(Loaded previous, FileVersion version) {
        try {
            if (version.equals(FileVersion.UNREADABLE)) {
                throw new IOException(previous.file() + " is missing or unreadable");
            }
            trust.check(previous.file());
            X509CRL crl = read(previous.file(), cas);
            logLoaded(previous.file(), crl, clock.instant());
            return new Loaded(previous.file(), version, crl);
        } catch (IOException e) {
            LOG.error(
                    "event=client_crl_rejected error=\"{}\" action=\"keeping the previous CRL of {} ({} entries)\"",
                    e.getMessage(),
                    previous.crl().getIssuerX500Principal().getName(),
                    entries(previous.crl()));
            return new Loaded(previous.file(), version, previous.crl());
        }
    }

    private static void logLoaded(Path file, X509CRL crl, Instant now) {
        if (expired(crl, now)) {
            LOG.warn(
                    "event=client_crl_expired file={} issuer=\"{}\" next_update={} action=\"certificates of this CA "
                            + "are refused until a current CRL is installed\"",
                    file,
                    crl.getIssuerX500Principal().getName(),
                    crl.getNextUpdate().toInstant());
        } else {
            LOG.info(
                    "event=client_crl_loaded file={} issuer=\"{}\" entries={} next_update={}",
                    file,
                    crl.getIssuerX500Principal().getName(),
                    entries(crl),
                    crl.getNextUpdate() == null ? "none" : crl.getNextUpdate().toInstant());
        }
    }

    private static boolean expired(X509CRL crl, Instant now) {
        return crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now);
    }

    private static int entries(X509CRL crl) {
        return crl.getRevokedCertificates() == null
                ? 0
                : crl.getRevokedCertificates().size();
    }

    private static String describe(X509Certificate cert) {
        BigInteger serial = cert.getSerialNumber();
        return cert.getSubjectX500Principal().getName() + " (serial " + serial.toString(16) + ")";
    }
}
