package dev.snpkm.sev.testing;

import static dev.snpkm.sev.report.ReportLayout.*;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Builds ATTESTATION_REPORTs of any version and product and signs them like the AMD-SP (ECDSA P-384 over
 * 0x000-0x29F, R and S little-endian in 72-byte fields). Defaults describe a healthy guest: policy 0x30000
 * (SMT allowed, bit 17 set), VMPL 0, VCEK, no migration agent. Use {@link #poke} for arbitrary tampering.
 *
 * <pre>
 * byte[] report = new SnpReportBuilder().version(3).product(ProductLine.GENOA).measurement(m).reportData(rd).sign(vcek.keyPair());
 * </pre>
 */
public final class SnpReportBuilder {
    /** P-384 with Bouncy Castle's custom field arithmetic, one instance per JVM ({@link #onSharedP384}). */
    private static final ECDomainParameters P384 = new ECDomainParameters(CustomNamedCurves.getByName("secp384r1"));

    /** Default TCB of generated reports and certificates, component-wise (encoded per product). */
    public static final TcbVersion DEFAULT_TCB = new TcbVersion(1, 10, 0, 23, 84);

    private int version = 3;
    private ProductLine product = ProductLine.GENOA;
    private long guestSvn;
    private long policy = 0x30000L;
    private long vmpl;
    private int signatureAlgo = SIGNATURE_ALGO_ECDSA_P384_SHA384;
    private Long currentTcb;
    private long platformInfo = 0x1;
    private int keyInfo = SigningKey.VCEK.field() << 2;
    private byte[] reportData = new byte[64];
    private byte[] measurement = filled(48, 0x11);
    private byte[] hostData = new byte[32];
    private byte[] idKeyDigest = new byte[48];
    private byte[] authorKeyDigest = new byte[48];
    private byte[] reportId = filled(32, 0x22);
    private byte[] reportIdMa = filled(32, 0xFF);
    private Long reportedTcb;
    private Long committedTcb;
    private Long launchTcb;
    private byte[] chipId;
    private long launchMitVector;
    private long currentMitVector;
    private final Map<Integer, byte[]> pokes = new LinkedHashMap<>();

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A deterministic chip id for the product: 64 bytes, or 8 significant bytes then zeros on Turin. */
    public static HexBytes defaultChipId(ProductLine p) {
        byte[] c = new byte[64];
        for (int i = 0; i < p.hwIdLength(); i++) {
            c[i] = (byte) (0xA0 + i + p.ordinal());
        }
        return HexBytes.of(c);
    }

    public static long defaultTcb(ProductLine p) {
        return p.turinTcbLayout()
                ? DEFAULT_TCB.encode(p)
                : new TcbVersion(
                                0,
                                DEFAULT_TCB.bootLoader(),
                                DEFAULT_TCB.tee(),
                                DEFAULT_TCB.snp(),
                                DEFAULT_TCB.microcode())
                        .encode(p);
    }

    public SnpReportBuilder version(int v) {
        version = v;
        return this;
    }

    /** Sets CPUID (v3+), the chip id and TCB defaults of the product line. */
    public SnpReportBuilder product(ProductLine p) {
        product = p;
        return this;
    }

    public SnpReportBuilder guestSvn(long v) {
        guestSvn = v;
        return this;
    }

    public SnpReportBuilder policy(long v) {
        policy = v;
        return this;
    }

    public SnpReportBuilder vmpl(long v) {
        vmpl = v;
        return this;
    }

    public SnpReportBuilder signatureAlgorithm(int v) {
        signatureAlgo = v;
        return this;
    }

    public SnpReportBuilder currentTcb(long v) {
        currentTcb = v;
        return this;
    }

    public SnpReportBuilder platformInfo(long v) {
        platformInfo = v;
        return this;
    }

    public SnpReportBuilder signingKey(SigningKey k) {
        keyInfo = (keyInfo & ~0x1C) | k.field() << 2;
        return this;
    }

    public SnpReportBuilder keyInfo(int raw) {
        keyInfo = raw;
        return this;
    }

    public SnpReportBuilder reportData(byte[] v) {
        reportData = Arrays.copyOf(v, 64);
        return this;
    }

    public SnpReportBuilder measurement(byte[] v) {
        measurement = exact(v, 48, "measurement");
        return this;
    }

    public SnpReportBuilder hostData(byte[] v) {
        hostData = exact(v, 32, "host data");
        return this;
    }

    public SnpReportBuilder idKeyDigest(byte[] v) {
        idKeyDigest = exact(v, 48, "id key digest");
        return this;
    }

    public SnpReportBuilder authorKeyDigest(byte[] v) {
        authorKeyDigest = exact(v, 48, "author key digest");
        keyInfo |= 1;
        return this;
    }

    public SnpReportBuilder reportIdMa(byte[] v) {
        reportIdMa = exact(v, 32, "report id ma");
        return this;
    }

    public SnpReportBuilder reportedTcb(long v) {
        reportedTcb = v;
        return this;
    }

    /** COMMITTED_TCB; defaults to REPORTED_TCB (a host whose firmware is committed). */
    public SnpReportBuilder committedTcb(long v) {
        committedTcb = v;
        return this;
    }

    /** LAUNCH_TCB; defaults to REPORTED_TCB (a guest launched under the firmware it runs on). */
    public SnpReportBuilder launchTcb(long v) {
        launchTcb = v;
        return this;
    }

    public SnpReportBuilder chipId(HexBytes v) {
        chipId = exact(v.toByteArray(), 64, "chip id");
        return this;
    }

    public SnpReportBuilder mitigationVectors(long launch, long current) {
        launchMitVector = launch;
        currentMitVector = current;
        return this;
    }

    /** Overwrites raw bytes at an offset after all fields are laid out (tampering, reserved bytes). */
    public SnpReportBuilder poke(int offset, byte... bytes) {
        pokes.put(offset, bytes.clone());
        return this;
    }

    private static byte[] exact(byte[] v, int n, String name) {
        if (v.length != n) {
            throw new IllegalArgumentException(name + " must be " + n + " bytes");
        }
        return v.clone();
    }

    public ProductLine product() {
        return product;
    }

    public HexBytes effectiveChipId() {
        return chipId != null ? HexBytes.of(chipId) : defaultChipId(product);
    }

    public long effectiveReportedTcb() {
        return reportedTcb != null ? reportedTcb : defaultTcb(product);
    }

    /** The unsigned report (signature field zero). */
    public byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(REPORT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long tcb = effectiveReportedTcb();
        b.putInt(VERSION, version).putInt(GUEST_SVN, (int) guestSvn).putLong(POLICY, policy);
        b.putInt(VMPL, (int) vmpl).putInt(SIGNATURE_ALGO, signatureAlgo);
        b.putLong(CURRENT_TCB, currentTcb != null ? currentTcb : tcb)
                .putLong(PLATFORM_INFO, platformInfo)
                .putInt(KEY_INFO, keyInfo);
        b.put(REPORT_DATA, reportData).put(MEASUREMENT, measurement).put(HOST_DATA, hostData);
        b.put(ID_KEY_DIGEST, idKeyDigest)
                .put(AUTHOR_KEY_DIGEST, authorKeyDigest)
                .put(REPORT_ID, reportId)
                .put(REPORT_ID_MA, reportIdMa);
        b.putLong(REPORTED_TCB, tcb);
        if (version >= 3) {
            // CPUID_FAM_ID / MOD_ID / STEP as seen on real parts.
            switch (product) {
                case MILAN ->
                    b.put(CPUID_FAM_ID, (byte) 0x19)
                            .put(CPUID_MOD_ID, (byte) 0x01)
                            .put(CPUID_STEP, (byte) 0x01);
                case GENOA ->
                    b.put(CPUID_FAM_ID, (byte) 0x19)
                            .put(CPUID_MOD_ID, (byte) 0x11)
                            .put(CPUID_STEP, (byte) 0x01);
                case TURIN ->
                    b.put(CPUID_FAM_ID, (byte) 0x1A)
                            .put(CPUID_MOD_ID, (byte) 0x02)
                            .put(CPUID_STEP, (byte) 0x01);
            }
        }
        b.put(CHIP_ID, effectiveChipId().toByteArray());
        b.putLong(COMMITTED_TCB, committedTcb != null ? committedTcb : tcb)
                .put(CURRENT_BUILD, (byte) 21)
                .put(CURRENT_MINOR, (byte) 55)
                .put(CURRENT_MAJOR, (byte) 1);
        b.put(COMMITTED_BUILD, (byte) 21).put(COMMITTED_MINOR, (byte) 55).put(COMMITTED_MAJOR, (byte) 1);
        b.putLong(LAUNCH_TCB, launchTcb != null ? launchTcb : tcb);
        if (version >= 5) {
            b.putLong(LAUNCH_MIT_VECTOR, launchMitVector).putLong(CURRENT_MIT_VECTOR, currentMitVector);
        }
        byte[] out = b.array();
        pokes.forEach((off, bytes) -> System.arraycopy(bytes, 0, out, off, bytes.length));
        return out;
    }

    public byte[] sign(KeyPair key) {
        return sign(key.getPrivate());
    }

    /** Builds and signs: ECDSA P-384 / SHA-384 over 0x000-0x29F; pokes into the signature area are applied afterwards. */
    public byte[] sign(PrivateKey key) {
        byte[] report = build();
        SHA384Digest d = new SHA384Digest();
        d.update(report, 0, SIGNED_LENGTH);
        byte[] hash = new byte[48];
        d.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        try {
            signer.init(true, onSharedP384((ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key)));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an EC private key", e);
        }
        BigInteger[] rs = signer.generateSignature(hash);
        putLittleEndian(report, SIGNATURE_R, rs[0]);
        putLittleEndian(report, SIGNATURE_S, rs[1]);
        pokes.forEach((off, bytes) -> {
            if (off >= SIGNATURE) {
                System.arraycopy(bytes, 0, report, off, bytes.length);
            }
        });
        return report;
    }

    /**
     * A P-384 key moved onto one shared P-384 domain: Bouncy Castle keeps its fixed-base precomputation on the
     * generator object, and a JDK key converted per report gets a new generator each time, so every signature paid for
     * the precomputation again (a simulated PSP signing for thousands of VMs spent most of its time there). Keys on
     * other curves are left as they are.
     */
    private static ECPrivateKeyParameters onSharedP384(ECPrivateKeyParameters key) {
        return key.getParameters().equals(P384) ? new ECPrivateKeyParameters(key.getD(), P384) : key;
    }

    private static void putLittleEndian(byte[] report, int offset, BigInteger v) {
        byte[] be = v.toByteArray();
        Arrays.fill(report, offset, offset + SIGNATURE_COMPONENT_LENGTH, (byte) 0);
        // be may carry a leading sign byte; r, s < n < 2^384, so at most 48 significant bytes.
        for (int i = 0; i < Math.min(be.length, P384_SCALAR_LENGTH); i++) {
            report[offset + i] = be[be.length - 1 - i];
        }
    }
}
