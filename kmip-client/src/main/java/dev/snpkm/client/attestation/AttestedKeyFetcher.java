package dev.snpkm.client.attestation;

import dev.snpkm.client.BatchResult;
import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.release.ReportDataBinding;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The guest side of the attested release (ARCHITECTURE.md "The attested release"): obtains an attestation-bound key
 * from the key manager, wrapped to a fresh ephemeral public key whose SPKI the SEV-SNP report binds. The
 * {@link ReleaseWrapping} says which: ECDH P-256 (the default) or P-384 + AES key wrap, or RSA-OAEP-SHA256 to an
 * RSA-3072 key (docs/KEY-WRAPPING.md).
 *
 * <p>Round 1 is a plain Get saying the client is attestation-capable; the server answers Attestation Required with a
 * stateless nonce bound to this client and object, and writes nothing. Round 2 is one message under the Attestation
 * credential (the report whose REPORT_DATA = {@link ReportDataBinding#reportData}(nonce, ephemeral key)): Register of
 * the ephemeral public key with {@code x-ephemeral = "batch"} (it lives only for this message; nothing to clean up)
 * and the Get wrapped to it through the ID Placeholder. The server makes one durable commit for it: the nonce's
 * consumption with the release record. KMIP 2.x only (1.x cannot name the ID Placeholder as the wrapping key).
 *
 * <p>Guarantee: the returned secret is the key the server released to this attested guest; it is never logged. The
 * caller destroys it. Not thread-safe per call; one fetcher may serve calls sequentially.
 */
public final class AttestedKeyFetcher {
    private static final EnumCode<AttestationType> SEV_SNP = EnumCode.of(AttestationType.SEV_SNP_REPORT);

    private final KmipClient client;
    private final AttestationProvider provider;
    private final Supplier<EphemeralWrappingKey> ephemeralKeys;

    /** Wraps with {@link ReleaseWrapping#DEFAULT} (ECDH P-256 + AES key wrap). */
    public AttestedKeyFetcher(KmipClient client, AttestationProvider provider) {
        this(client, provider, ReleaseWrapping.DEFAULT);
    }

    /** A fresh ephemeral key of the given scheme per call. */
    public AttestedKeyFetcher(KmipClient client, AttestationProvider provider, ReleaseWrapping wrapping) {
        this(client, provider, () -> EphemeralWrappingKey.generate(Objects.requireNonNull(wrapping, "wrapping")));
    }

    /**
     * @param ephemeralKeys a fresh key per call; each key's {@link EphemeralWrappingKey#wrapping()} decides the scheme
     *     (benchmarks pre-generate them: RSA-3072 keygen takes ~100 ms)
     */
    public AttestedKeyFetcher(
            KmipClient client, AttestationProvider provider, Supplier<EphemeralWrappingKey> ephemeralKeys) {
        this.client = Objects.requireNonNull(client, "client");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.ephemeralKeys = Objects.requireNonNull(ephemeralKeys, "ephemeralKeys");
    }

    /**
     * @return the released key material (the caller destroys it)
     * @throws KmipOperationException Attestation Failed / Permission Denied with the server's reason, or a release
     *     that does not unwrap
     * @throws AttestationException the platform could not produce a report
     */
    public Secret fetch(String uid) throws KmipOperationException, KmipTransportException, AttestationException {
        try {
            return fetch(uid, false).material();
        } catch (UnboundKeyException e) {
            throw new IllegalStateException("unreachable: unbound keys are accepted here", e);
        }
    }

    /**
     * As {@link #fetch}, but a key the server releases without challenging for attestation is refused (and its
     * released form destroyed unopened): for callers such as a disk unlocker, where a key any holder of the client
     * certificate can fetch is a provisioning mistake, not a key to use.
     *
     * @throws UnboundKeyException the key is not attestation-bound on the key manager
     */
    public Secret fetchAttested(String uid)
            throws KmipOperationException, KmipTransportException, AttestationException, UnboundKeyException {
        return fetch(uid, true).material();
    }

    /**
     * As {@link #fetchAttested(String)}, and the released key must be of the {@code expected} kind (object type,
     * algorithm, exact length); any other is destroyed unused.
     *
     * @throws UnsuitableKeyException the key manager released another kind of key (the wrong object is bound)
     */
    public Secret fetchAttested(String uid, ExpectedKey expected)
            throws KmipOperationException, KmipTransportException, AttestationException, UnboundKeyException,
                    UnsuitableKeyException {
        Objects.requireNonNull(expected, "expected");
        return expected.require(uid, fetch(uid, true));
    }

    private ReleasedKey fetch(String uid, boolean requireChallenge)
            throws KmipOperationException, KmipTransportException, AttestationException, UnboundKeyException {
        if (!client.protocolVersion().isTwoOrLater()) {
            // KMIP 1.x cannot name the ID Placeholder in Encryption Key Information (KMIP 2.0 §2.1.5.2).
            throw new KmipOperationException(
                    EnumCode.of(Operation.GET),
                    EnumCode.of(ResultStatus.OPERATION_FAILED),
                    EnumCode.of(ResultReason.OPERATION_NOT_SUPPORTED),
                    "the attested release needs KMIP 2.0 or "
                            + "later (the wrapping key is named by the ID Placeholder); connect with KMIP 2.x");
        }
        // Round 1: a plain Get, saying the client can attest. The server answers with a stateless nonce and writes
        // nothing; an unbound key comes back as is (any holder of this client certificate may read it).
        BatchResult first =
                client.batch().attestationCapable(true).get(uid, null).execute();
        ResponseBatchItem get = first.item(0);
        if (get.isSuccess()) {
            ManagedObject released = get.payload(Get.Response.class)
                    .orElseThrow(() -> new KmipOperationException(
                            get.operation(), get.resultStatus(), null, "a successful Get without a payload"))
                    .object();
            try {
                if (requireChallenge) {
                    throw new UnboundKeyException(uid);
                }
                return WrappedKeyOpener.openPlain(released);
            } finally {
                released.destroy();
            }
        }
        Nonce nonce = challenge(first, get);
        EphemeralWrappingKey key = ephemeralKeys.get();
        SnpEvidence evidence = provider.report(
                ReportDataBinding.reportData(nonce.value().toByteArray(), Optional.of(key.publicKey())));
        byte[] table = evidence.certificateTable();
        Credential.Attestation credential = new Credential.Attestation(
                nonce, SEV_SNP, Bytes.of(evidence.report()), table.length == 0 ? null : Bytes.of(table));
        // Round 2, one message: the ephemeral public key registered for this batch only (never stored) and the Get
        // wrapped to it through the ID Placeholder, under the Attestation credential whose report binds both.
        BatchResult second = client.batch()
                .attestationCapable(true)
                .credential(credential)
                .register(
                        publicKeyObject(key),
                        Attributes.of(
                                KeyAttributes.usage(CryptographicUsageMask.WRAP_KEY),
                                KeyAttributes.custom(AttributeNames.X_EPHEMERAL, AttributeNames.EPHEMERAL_BATCH)))
                .add(Operation.GET, wrappedToPlaceholder(uid, key))
                .execute();
        if (!second.item(0).isSuccess()) {
            throw KmipOperationException.of(second.item(0));
        }
        return open(second.item(1), key);
    }

    private static Nonce challenge(BatchResult first, ResponseBatchItem get) throws KmipOperationException {
        if (!EnumCode.of(ResultReason.ATTESTATION_REQUIRED).equals(get.resultReason())) {
            throw KmipOperationException.of(get);
        }
        Nonce nonce = first.header().nonce();
        if (nonce != null && nonce.value().length() == 0) {
            // REPORT_DATA would bind nothing fresh: the server broke the protocol; an answer, not a usage error.
            throw new KmipOperationException(
                    get.operation(),
                    EnumCode.of(ResultStatus.OPERATION_FAILED),
                    EnumCode.of(ResultReason.INVALID_MESSAGE),
                    "unexpected response from the key manager: Attestation Required with an empty Nonce Value");
        }
        if (nonce == null || !first.header().attestationTypes().contains(SEV_SNP)) {
            throw new KmipOperationException(
                    get.operation(),
                    EnumCode.of(ResultStatus.OPERATION_FAILED),
                    EnumCode.of(ResultReason.ATTESTATION_REQUIRED),
                    "the key manager asked for attestation without "
                            + "a Nonce or without accepting SEV-SNP reports (0x80000001) in the response header");
        }
        return nonce;
    }

    private static ReleasedKey open(ResponseBatchItem get, EphemeralWrappingKey key) throws KmipOperationException {
        if (!get.isSuccess()) {
            throw KmipOperationException.of(get);
        }
        ManagedObject released = get.payload(Get.Response.class)
                .orElseThrow(() -> new KmipOperationException(
                        get.operation(), get.resultStatus(), null, "a successful Get without a payload"))
                .object();
        try {
            return WrappedKeyOpener.open(released, key);
        } finally {
            released.destroy();
        }
    }

    /** Get wrapped to the key the batch's Register just made, named by the ID Placeholder (KMIP 2.x). */
    private static Get.Request wrappedToPlaceholder(String uid, EphemeralWrappingKey key) {
        return new Get.Request(
                UniqueIdentifier.of(uid),
                null,
                null,
                null,
                new KeyWrappingSpecification(
                        EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(
                                UniqueIdentifier.placeholder(), key.wrapping().parameters()),
                        null,
                        List.of(),
                        null));
    }

    private static ManagedObject publicKeyObject(EphemeralWrappingKey key) {
        return new ManagedObject.PublicKey(new KeyBlock(
                EnumCode.of(KeyFormatType.X_509),
                null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(key.subjectPublicKeyInfo())),
                EnumCode.of(key.wrapping().keyAlgorithm()),
                key.cryptographicLength(),
                null));
    }
}
