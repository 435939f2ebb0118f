package dev.snpkm.server.access;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * The VM role of a client certificate: a certificatePolicies entry (RFC 5280 §4.2.1.4) with this appliance's VM
 * policy identifier, which {@code kmipctl clients issue --vm} writes. A VM identity receives secret material only
 * through the attested Get. The marker only ever restricts, so it is honoured from any CA the server trusts.
 */
public final class VmRole {
    /**
     * A UUID-based OID (ITU-T X.667 / RFC 4122 §4: 2.25 followed by the UUID as an integer; no registration needed),
     * UUID 1e1c6964-7717-46c2-b7f2-01d158302294, chosen for "snpkm VM client".
     */
    public static final String POLICY_OID = "2.25.40024361798267941832709348997437858452";

    /** Certificates remembered at most (a few KB each); past it the memory is emptied and refilled as asked. */
    static final int MAX_REMEMBERED = 1_000;

    /**
     * The answer per certificate, so that a connection's certificate is read once, not on every request: the JDK's
     * lookup of an absent extension throws and catches an exception inside (about 4 µs, on every Get by a client
     * without the marker). Equal certificates have equal bytes, so the answer holds for every copy. A plain map: a
     * cache that records reads (Caffeine) was itself a contention point with every worker asking for one key.
     */
    private static final Map<X509Certificate, Boolean> MARKED = new ConcurrentHashMap<>();

    private VmRole() {}

    /** Whether the certificate carries the VM policy; an unreadable certificatePolicies extension counts as VM. */
    public static boolean markedIn(X509Certificate leaf) {
        Boolean known = MARKED.get(leaf);
        if (known != null) {
            return known;
        }
        boolean marked = readMarker(leaf);
        if (MARKED.size() >= MAX_REMEMBERED) {
            MARKED.clear(); // bounded; connections still open read their certificate once more
        }
        MARKED.put(leaf, marked);
        return marked;
    }

    private static boolean readMarker(X509Certificate leaf) {
        byte[] der = leaf.getExtensionValue(Extension.certificatePolicies.getId());
        if (der == null) {
            return false;
        }
        try {
            ASN1Primitive value =
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(der).getOctets());
            for (PolicyInformation p : CertificatePolicies.getInstance(value).getPolicyInformation()) {
                if (POLICY_OID.equals(p.getPolicyIdentifier().getId())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException malformed) {
            return true; // fail closed: a policy we cannot read might be the VM one
        }
    }
}
