package dev.snpkm.client.attestation;

import dev.snpkm.client.BatchResult;
import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipBatch;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.RevocationReasonCode;
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
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The guest side of the attested release (docs/ARCHITECTURE.md "The attested release"): obtains an attestation-bound
 * key from the key manager, wrapped to a fresh ephemeral public key whose SPKI the SEV-SNP report binds. The
 * {@link ReleaseWrapping} says which: ECDH P-384 + AES key wrap (the default) or RSA-OAEP-SHA256 to an RSA-3072 key
 * (docs/KEY-WRAPPING.md).
 *
 * <p>Round 1 registers and activates the ephemeral public key and asks for the key wrapped to it, saying the client is
 * attestation-capable; the server answers Attestation Required with a nonce (the wrapping key must be named already:
 * a policy that releases only wrapped refuses a challenge without one). Round 2 sends the same Get with the
 * Attestation credential: the report whose REPORT_DATA = {@link ReleaseBinding#reportData}(nonce, ephemeral key).
 * The ephemeral public key object is revoked and destroyed in round 2's message (a third round trip only if that
 * failed), best effort. In KMIP 1.x the Encryption Key
 * Information cannot name the ID Placeholder, so round 1 takes two messages there.
 *
 * <p>Guarantee: the returned secret is the key the server released to this attested guest; it is never logged. The
 * caller destroys it. Not thread-safe per call; one fetcher may serve calls sequentially.
 */
public final class AttestedKeyFetcher {
    private static final EnumCode<AttestationType> SEV_SNP = EnumCode.of(AttestationType.SEV_SNP_REPORT);

    private final KmipClient client;
    private final AttestationProvider provider;
    private final Supplier<EphemeralWrappingKey> ephemeralKeys;

    /** Wraps with {@link ReleaseWrapping#DEFAULT} (ECDH P-384 + AES key wrap). */
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
    public AttestedKeyFetcher(KmipClient client, AttestationProvider provider,
            Supplier<EphemeralWrappingKey> ephemeralKeys) {
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
            return fetch(uid, false);
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
        return fetch(uid, true);
    }

    private Secret fetch(String uid, boolean requireChallenge)
            throws KmipOperationException, KmipTransportException, AttestationException, UnboundKeyException {
        EphemeralWrappingKey key = ephemeralKeys.get();
        boolean placeholder = client.protocolVersion().isTwoOrLater();
        String wrappingUid = null;
        try {
            KmipBatch round1 = client.batch().attestationCapable(true)
                    .register(publicKeyObject(key), Attributes.of(KeyAttributes.usage(CryptographicUsageMask.WRAP_KEY)))
                    .activate(null);
            if (!placeholder) {
                BatchResult registered = round1.execute().requireSuccess();
                wrappingUid = registered.payload(0, Register.Response.class).uniqueIdentifier();
                round1 = client.batch().attestationCapable(true);
            }
            BatchResult first = round1.add(Operation.GET, wrappedGet(uid, placeholder ? null : wrappingUid, key))
                    .execute();
            if (placeholder) {
                wrappingUid = first.payload(0, Register.Response.class).uniqueIdentifier();
                first.payload(1, dev.snpkm.kmip.payload.Activate.Response.class);
            }
            ResponseBatchItem get = first.items().get(first.items().size() - 1);
            if (get.isSuccess()) {
                if (requireChallenge) {
                    get.payload(Get.Response.class).ifPresent(r -> r.object().destroy());
                    throw new UnboundKeyException(uid);
                }
                return open(get, key); // not bound: released without attestation
            }
            Nonce nonce = challenge(first, get);
            SnpEvidence evidence = provider.report(ReleaseBinding.reportData(nonce.value().toByteArray(),
                    Optional.of(key.publicKey())));
            byte[] table = evidence.certificateTable();
            Credential.Attestation credential = new Credential.Attestation(nonce, SEV_SNP,
                    Bytes.of(evidence.report()), table.length == 0 ? null : Bytes.of(table));
            // The ephemeral key's Revoke + Destroy ride in the same message (Continue: they run whatever the Get's
            // outcome), saving the cleanup round trip; only if they did not both succeed does a separate one follow.
            BatchResult second = client.batch().attestationCapable(true).credential(credential)
                    .onError(BatchErrorContinuationOption.CONTINUE)
                    .add(Operation.GET, wrappedGet(uid, wrappingUid, key))
                    .revoke(wrappingUid, RevocationReason.of(RevocationReasonCode.CESSATION_OF_OPERATION))
                    .destroy(wrappingUid).execute();
            if (second.items().size() == 3 && second.item(1).isSuccess() && second.item(2).isSuccess()) {
                wrappingUid = null;
            }
            return open(second.item(0), key);
        } finally {
            if (wrappingUid != null) {
                discard(wrappingUid);
            }
        }
    }

    private static Nonce challenge(BatchResult first, ResponseBatchItem get) throws KmipOperationException {
        if (!EnumCode.of(ResultReason.ATTESTATION_REQUIRED).equals(get.resultReason())) {
            throw KmipOperationException.of(get);
        }
        Nonce nonce = first.header().nonce();
        if (nonce == null || !first.header().attestationTypes().contains(SEV_SNP)) {
            throw new KmipOperationException(get.operation(), EnumCode.of(ResultStatus.OPERATION_FAILED),
                    EnumCode.of(ResultReason.ATTESTATION_REQUIRED), "the key manager asked for attestation without "
                            + "a Nonce or without accepting SEV-SNP reports (0x80000001) in the response header");
        }
        return nonce;
    }

    private static Secret open(ResponseBatchItem get, EphemeralWrappingKey key) throws KmipOperationException {
        if (!get.isSuccess()) {
            throw KmipOperationException.of(get);
        }
        ManagedObject released = get.payload(Get.Response.class).orElseThrow(() -> new KmipOperationException(
                get.operation(), get.resultStatus(), null, "a successful Get without a payload")).object();
        try {
            return WrappedKeyOpener.open(released, key);
        } finally {
            released.destroy();
        }
    }

    /** Get wrapped to the ephemeral key: its text UID, or the ID Placeholder (2.x) when null. */
    private static Get.Request wrappedGet(String uid, String wrappingUid, EphemeralWrappingKey key) {
        UniqueIdentifier wrapping = wrappingUid == null ? UniqueIdentifier.placeholder()
                : UniqueIdentifier.of(wrappingUid);
        return new Get.Request(UniqueIdentifier.of(uid), null, null, null, new KeyWrappingSpecification(
                EnumCode.of(WrappingMethod.ENCRYPT), new KeyInformation(wrapping, key.wrapping().parameters()), null,
                List.of(), null));
    }

    private static ManagedObject publicKeyObject(EphemeralWrappingKey key) {
        return new ManagedObject.PublicKey(new KeyBlock(EnumCode.of(KeyFormatType.X_509), null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(key.subjectPublicKeyInfo())),
                EnumCode.of(key.wrapping().keyAlgorithm()), key.cryptographicLength(), null));
    }

    /** The ephemeral key object is useless after this call; a failure to remove it must not hide the result. */
    private void discard(String wrappingUid) {
        try {
            client.batch().revoke(wrappingUid, RevocationReason.of(RevocationReasonCode.CESSATION_OF_OPERATION))
                    .destroy(wrappingUid).execute();
        } catch (KmipOperationException | KmipTransportException | RuntimeException e) {
            // Best effort: a leftover public key discloses nothing.
        }
    }
}
