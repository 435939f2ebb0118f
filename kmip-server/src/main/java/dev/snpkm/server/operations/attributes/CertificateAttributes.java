package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The attributes the server sets from a registered certificate (KMIP 1.4 §3.8-3.9, 2.1 §4 Certificate Type,
 * Certificate Length, Certificate Subject CN): its type, its DER length, and for X.509 the subject's common name and
 * the identifiers, names and signature algorithm of {@link X509Attributes}.
 */
public final class CertificateAttributes {
    private CertificateAttributes() {}

    /**
     * The template plus the certificate's attributes. A Certificate Type in the template must name the certificate's
     * own type (it describes the object; KMIP 2.1 Register lets the client state it).
     */
    public static Attributes add(ManagedObject.Certificate cert, Attributes template, OperationContext ctx) {
        int type = cert.certificateType().value();
        Optional<Integer> stated = template.item(
                        AttributeNames.CERTIFICATE_TYPE, dev.snpkm.kmip.ttlv.Ttlv.Enumeration.class)
                .map(e -> e.value());
        if (stated.isPresent() && stated.get() != type) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Certificate Type attribute " + stated.get() + " does not match the registered certificate's type "
                            + cert.certificateType());
        }
        byte[] der = cert.value().toByteArray();
        Attributes out =
                StoredAttributes.replace(template, AttributeFactory.enumeration(AttributeNames.CERTIFICATE_TYPE, type));
        out = StoredAttributes.replace(out, AttributeFactory.integer(AttributeNames.CERTIFICATE_LENGTH, der.length));
        if (cert.certificateType().is(CertificateType.X_509)) {
            X509Certificate parsed = parse(der);
            for (String name : X509Attributes.NAMES) {
                out = out.without(name);
            }
            Optional<String> cn = subjectCommonName(parsed);
            if (cn.isPresent()) {
                out = StoredAttributes.replace(
                        out, AttributeFactory.text(AttributeNames.CERTIFICATE_SUBJECT_CN, cn.get()));
            }
            try {
                for (Attribute derived : X509Attributes.of(parsed)) {
                    out = out.with(derived);
                }
            } catch (InvalidNameException e) {
                throw unparsable(e);
            }
        }
        return out;
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw unparsable(e);
        }
    }

    private static KmipOperationException unparsable(Exception e) {
        return new KmipOperationException(
                ResultReason.INVALID_FIELD, "the registered X.509 certificate cannot be parsed: " + e.getMessage());
    }

    private static Optional<String> subjectCommonName(X509Certificate c) {
        try {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            throw unparsable(e);
        }
    }
}
