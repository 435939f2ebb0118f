package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The attributes the server derives from a registered X.509 certificate, beyond Certificate Type and Length:
 * <ul>
 *   <li>1.0 (deprecated in 1.1, removed in 2.0): Certificate Identifier {Issuer, Serial Number}, Certificate Subject
 *       {Certificate Subject Distinguished Name}, Certificate Issuer {Certificate Issuer Distinguished Name}, as text
 *       (KMIP 1.0 §3.9-3.11);</li>
 *   <li>1.1+: X.509 Certificate Identifier {Issuer Distinguished Name, Certificate Serial Number}, X.509 Certificate
 *       Subject {Subject Distinguished Name}, X.509 Certificate Issuer {Issuer Distinguished Name}, as DER bytes, and
 *       Digital Signature Algorithm (KMIP 1.4 §3.12-3.16, 2.1 §4.18, §4.55-4.57);</li>
 *   <li>2.x: Certificate Subject and Certificate Issuer CN, O, OU, Email, C, ST, L, UID, Serial Number, Title, DC and
 *       DN Qualifier, each a text attribute per value (2.1 §4.9-4.10).</li>
 * </ul>
 * A version sees only the ones it defines (AttributeView). All are server-only (AttributeRules).
 */
public final class X509Attributes {
    private static final KmipRegistry R = KmipRegistry.get();

    /** LDAP attribute type (RFC 4514 short name or OID) → KMIP name suffix. */
    private static final Map<String, String> RDN_SUFFIXES = rdnSuffixes();

    /** 2.x attribute names derived from subject and issuer RDNs. */
    public static final Set<String> DN_PART_NAMES = Stream.of("Certificate Subject ", "Certificate Issuer ")
            .flatMap(p -> RDN_SUFFIXES.values().stream().map(s -> p + s))
            .collect(Collectors.toUnmodifiableSet());

    /** Every name this class sets. */
    public static final Set<String> NAMES = Stream.concat(
                    DN_PART_NAMES.stream(),
                    Stream.of(
                            "X.509 Certificate Identifier",
                            "X.509 Certificate Subject",
                            "X.509 Certificate Issuer",
                            "Certificate Identifier",
                            "Certificate Subject",
                            "Certificate Issuer",
                            "Digital Signature Algorithm"))
            .collect(Collectors.toUnmodifiableSet());

    /** JDK signature algorithm name → KMIP Digital Signature Algorithm value (1.4 §9.1.3.2.37, 2.1 §11.18). */
    private static final Map<String, Integer> SIGNATURE_ALGORITHMS = Map.ofEntries(
            Map.entry("SHA1WITHRSA", 0x03),
            Map.entry("SHA224WITHRSA", 0x04),
            Map.entry("SHA256WITHRSA", 0x05),
            Map.entry("SHA384WITHRSA", 0x06),
            Map.entry("SHA512WITHRSA", 0x07),
            Map.entry("RSASSA-PSS", 0x08),
            Map.entry("SHA1WITHECDSA", 0x0C),
            Map.entry("SHA224WITHECDSA", 0x0D),
            Map.entry("SHA256WITHECDSA", 0x0E),
            Map.entry("SHA384WITHECDSA", 0x0F),
            Map.entry("SHA512WITHECDSA", 0x10));

    private X509Attributes() {}

    private static Map<String, String> rdnSuffixes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CN", "CN");
        m.put("O", "O");
        m.put("OU", "OU");
        m.put("EMAILADDRESS", "Email");
        m.put("1.2.840.113549.1.9.1", "Email");
        m.put("C", "C");
        m.put("ST", "ST");
        m.put("L", "L");
        m.put("UID", "UID");
        m.put("0.9.2342.19200300.100.1.1", "UID");
        m.put("SERIALNUMBER", "Serial Number");
        m.put("2.5.4.5", "Serial Number");
        m.put("T", "Title");
        m.put("2.5.4.12", "Title");
        m.put("DC", "DC");
        m.put("2.5.4.46", "DN Qualifier");
        return Map.copyOf(m);
    }

    /** The attributes of this certificate; Certificate Subject CN is left to its caller, which always set it. */
    static List<Attribute> of(X509Certificate c) throws InvalidNameException {
        List<Attribute> out = new ArrayList<>();
        byte[] issuer = c.getIssuerX500Principal().getEncoded();
        byte[] subject = c.getSubjectX500Principal().getEncoded();
        out.add(structure(
                "X.509 Certificate Identifier",
                Ttlv.bytes(R.tagValue("Issuer Distinguished Name"), issuer),
                Ttlv.bytes(
                        R.tagValue("Certificate Serial Number"),
                        c.getSerialNumber().toByteArray())));
        out.add(structure("X.509 Certificate Subject", Ttlv.bytes(R.tagValue("Subject Distinguished Name"), subject)));
        out.add(structure("X.509 Certificate Issuer", Ttlv.bytes(R.tagValue("Issuer Distinguished Name"), issuer)));
        String issuerText = c.getIssuerX500Principal().getName();
        String subjectText = c.getSubjectX500Principal().getName();
        out.add(structure(
                "Certificate Identifier",
                Ttlv.text(R.tagValue("Issuer"), issuerText),
                Ttlv.text(R.tagValue("Serial Number"), c.getSerialNumber().toString())));
        out.add(structure(
                "Certificate Subject", Ttlv.text(R.tagValue("Certificate Subject Distinguished Name"), subjectText)));
        out.add(structure(
                "Certificate Issuer", Ttlv.text(R.tagValue("Certificate Issuer Distinguished Name"), issuerText)));
        signatureAlgorithm(c).ifPresent(v -> out.add(AttributeFactory.enumeration("Digital Signature Algorithm", v)));
        out.addAll(dnParts("Certificate Subject ", subjectText, true));
        out.addAll(dnParts("Certificate Issuer ", issuerText, false));
        return out;
    }

    private static Optional<Integer> signatureAlgorithm(X509Certificate c) {
        return Optional.ofNullable(SIGNATURE_ALGORITHMS.get(c.getSigAlgName().toUpperCase(java.util.Locale.ROOT)));
    }

    private static List<Attribute> dnParts(String prefix, String rfc2253, boolean skipCommonName)
            throws InvalidNameException {
        List<Attribute> out = new ArrayList<>();
        for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
            String suffix = RDN_SUFFIXES.get(rdn.getType().toUpperCase(java.util.Locale.ROOT));
            if (suffix == null || (skipCommonName && suffix.equals("CN"))) {
                continue;
            }
            Object value = rdn.getValue();
            if (value instanceof String s) {
                out.add(AttributeFactory.text(prefix + suffix, s));
            }
        }
        return out;
    }

    private static Attribute structure(String name, Ttlv... fields) {
        return Attribute.of(name, Ttlv.structure(Tag.ATTRIBUTE_VALUE, List.of(fields)));
    }
}
