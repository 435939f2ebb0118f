package dev.snpkm.server.tls;

import java.util.List;
import java.util.stream.Stream;

/**
 * The cipher suites the server may offer, with their standing in the KMIP profiles. KMIP 2.1 Profiles §3.1 (Basic
 * Authentication Suite): TLS 1.3 SHALL, TLS 1.2 SHOULD, nothing older; and "SHALL NOT support any cipher suite not
 * listed". The Suite B profile (KMIP 1.x) requires the two ECDHE-ECDSA-AES-GCM suites.
 *
 * <pre>
 * | suite                                   | TLS | KMIP 2.1 §3.1 | default | why                                      |
 * |-----------------------------------------|-----|---------------|---------|------------------------------------------|
 * | TLS_AES_256_GCM_SHA384                  | 1.3 | SHALL         | on      | profile                                  |
 * | TLS_CHACHA20_POLY1305_SHA256            | 1.3 | SHALL         | on      | profile                                  |
 * | TLS_AES_128_GCM_SHA256                  | 1.3 | not listed    | on      | RFC 8446 §9.1 mandatory; every 1.3 client|
 * | TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 | 1.2 | MAY           | on      | Suite B minLOS_192; PyKMIP "TLS1.2" list |
 * | TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 | 1.2 | MAY           | on      | Suite B minLOS_128; PyKMIP "TLS1.2" list |
 * | TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384   | 1.2 | not listed    | on      | what 1.2 clients with RSA keys negotiate |
 * | TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256   | 1.2 | not listed    | on      | as above                                 |
 * | TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 | 1.2 | MAY           | off     | CBC; only for old clients                |
 * | TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384   | 1.2 | MAY           | off     | PyKMIP with an RSA server key needs it   |
 * | TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256   | 1.2 | MAY           | off     | as above                                 |
 * | TLS_RSA_WITH_AES_256_CBC_SHA256         | 1.2 | SHALL         | off     | no forward secrecy; conformance only     |
 * | TLS_RSA_WITH_AES_128_CBC_SHA256         | 1.2 | SHALL         | off     | as above                                 |
 * </pre>
 *
 * The ECDHE-RSA-GCM suites are off-profile in the 2.1 text but are the suites modern TLS 1.2 stacks prefer with RSA
 * server keys; the appliance enables them by default and an administrator who needs strict profile conformance lists
 * suites explicitly in {@link TlsSettings#cipherSuites()}.
 */
public enum KmipCipherSuite {
    TLS_AES_256_GCM_SHA384(TlsVersion.TLS_1_3, ProfileStatus.SHALL, true),
    TLS_CHACHA20_POLY1305_SHA256(TlsVersion.TLS_1_3, ProfileStatus.SHALL, true),
    TLS_AES_128_GCM_SHA256(TlsVersion.TLS_1_3, ProfileStatus.NOT_LISTED, true),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(TlsVersion.TLS_1_2, ProfileStatus.MAY, true),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(TlsVersion.TLS_1_2, ProfileStatus.MAY, true),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(TlsVersion.TLS_1_2, ProfileStatus.NOT_LISTED, true),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(TlsVersion.TLS_1_2, ProfileStatus.NOT_LISTED, true),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384(TlsVersion.TLS_1_2, ProfileStatus.MAY, false),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384(TlsVersion.TLS_1_2, ProfileStatus.MAY, false),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(TlsVersion.TLS_1_2, ProfileStatus.MAY, false),
    TLS_RSA_WITH_AES_256_CBC_SHA256(TlsVersion.TLS_1_2, ProfileStatus.SHALL, false),
    TLS_RSA_WITH_AES_128_CBC_SHA256(TlsVersion.TLS_1_2, ProfileStatus.SHALL, false);

    /** The protocol versions the server speaks; 1.0 and 1.1 are refused (KMIP 2.1 Profiles §3.1). */
    public enum TlsVersion {
        TLS_1_3("TLSv1.3"),
        TLS_1_2("TLSv1.2");

        private final String jsseName;

        TlsVersion(String jsseName) {
            this.jsseName = jsseName;
        }

        public String jsseName() {
            return jsseName;
        }
    }

    /** How the KMIP 2.1 Basic Authentication Suite lists a cipher suite. */
    public enum ProfileStatus {
        SHALL,
        MAY,
        NOT_LISTED
    }

    private final TlsVersion version;
    private final ProfileStatus profileStatus;
    private final boolean enabledByDefault;

    KmipCipherSuite(TlsVersion version, ProfileStatus profileStatus, boolean enabledByDefault) {
        this.version = version;
        this.profileStatus = profileStatus;
        this.enabledByDefault = enabledByDefault;
    }

    public TlsVersion version() {
        return version;
    }

    public ProfileStatus profileStatus() {
        return profileStatus;
    }

    public boolean enabledByDefault() {
        return enabledByDefault;
    }

    /** The JSSE / IANA name, which is the constant's name. */
    public String jsseName() {
        return name();
    }

    /** The default offer, TLS 1.3 suites first. */
    public static List<KmipCipherSuite> defaults() {
        return Stream.of(values()).filter(KmipCipherSuite::enabledByDefault).toList();
    }
}
