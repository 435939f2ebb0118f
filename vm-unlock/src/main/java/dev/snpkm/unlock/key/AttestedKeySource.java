package dev.snpkm.unlock.key;

import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.client.attestation.AttestationProvider;
import dev.snpkm.client.attestation.EphemeralWrappingKey;
import dev.snpkm.client.attestation.ReleaseBinding;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The attested Get (ARCHITECTURE.md "The attested release"), two round trips of Register(ephemeral RSA-3072 public
 * key) + Get(wrapped to it): the first the key manager answers with Attestation Required and a single-use nonce; the
 * second carries an Attestation credential whose SNP report binds the nonce and that key in REPORT_DATA.
 *
 * <p>Guarantee: the key comes back only wrapped to a private key that exists solely in this process, after the key
 * manager verified a report for this guest. A key the server hands out without a challenge is not attestation-bound;
 * it is refused (and zeroed), because a disk key anyone with the client certificate can fetch is a setup mistake.
 */
public final class AttestedKeySource implements KeySource {
    private final KmipTransport transport;
    private final AttestationProvider attestation;
    private final Supplier<EphemeralWrappingKey> wrappingKeys;

    public AttestedKeySource(KmipTransport transport, AttestationProvider attestation) {
        this(transport, attestation, EphemeralWrappingKey::generate);
    }

    AttestedKeySource(KmipTransport transport, AttestationProvider attestation,
            Supplier<EphemeralWrappingKey> wrappingKeys) {
        this.transport = transport;
        this.attestation = attestation;
        this.wrappingKeys = wrappingKeys;
    }

    @Override
    public byte[] fetchKey(String keyId) throws KeySourceException {
        EphemeralWrappingKey wrappingKey = wrappingKeys.get();
        byte[] spki = wrappingKey.subjectPublicKeyInfo();
        Nonce nonce = challenge(keyId, spki);
        SnpEvidence evidence;
        try {
            evidence = attestation.report(ReleaseBinding.reportData(nonce.value().toByteArray(),
                    Optional.of(wrappingKey.publicKey())));
        } catch (AttestationException e) {
            throw new KeySourceException("cannot obtain an SNP attestation report: " + e.getMessage(), e);
        }
        ResponseBatchItem get = getItem(roundTrip(AttestedReleaseMessages.release(keyId, spki, nonce, evidence),
                keyId));
        if (!get.isSuccess()) {
            throw refused(keyId, get);
        }
        return unwrap(get, wrappingKey);
    }

    private Nonce challenge(String keyId, byte[] spki) throws KeySourceException {
        ResponseMessage answer = roundTrip(AttestedReleaseMessages.release(keyId, spki), keyId);
        ResponseBatchItem item = getItem(answer);
        if (item.isSuccess()) {
            // Released wrapped to our key without any report: the key is not attestation-bound.
            item.payload(Get.Response.class).ifPresent(AttestedKeySource::destroyMaterial);
            throw new KeySourceException("key '" + keyId + "' is not attestation-bound on the key manager (it was "
                    + "released without a report); refusing it: have an administrator set x-attestation-policy");
        }
        if (!item.resultReason().is(ResultReason.ATTESTATION_REQUIRED)) {
            throw refused(keyId, item);
        }
        Nonce nonce = answer.header().nonce();
        if (nonce == null || nonce.value() == null || nonce.value().length() == 0) {
            throw new KeySourceException("the key manager asked for attestation but sent no nonce");
        }
        return nonce;
    }

    private static ResponseBatchItem getItem(ResponseMessage answer) throws KeySourceException {
        for (ResponseBatchItem i : answer.batchItems()) {
            if (AttestedReleaseMessages.GET_ID.equals(i.uniqueBatchItemId())) {
                return i;
            }
        }
        // A failed Register stops the batch before the Get: report the Register's reason.
        ResponseBatchItem first = answer.batchItems().get(0);
        if (!first.isSuccess()) {
            throw refused("(registering the wrapping key)", first);
        }
        throw new KeySourceException("the key manager's answer has no Get item");
    }

    private ResponseMessage roundTrip(RequestMessage request, String keyId) throws KeySourceException {
        try {
            return MessageMapper.responseFromTtlv(transport.send((Ttlv.Structure) MessageMapper.toTtlv(request)));
        } catch (KmipTransportException e) {
            throw new KeySourceException("cannot get key '" + keyId + "' from " + transport.endpoint() + ": "
                    + e.getMessage(), e);
        } catch (KmipMappingException e) {
            throw new KeySourceException("unreadable answer from " + transport.endpoint() + ": " + e.getMessage(), e);
        }
    }

    private static KeySourceException refused(String keyId, ResponseBatchItem item) {
        String reason = item.resultReason() == null ? "no reason given"
                : item.resultReason().known().map(Enum::name).orElse("reason " + item.resultReason().value());
        String message = item.resultMessage() == null ? "" : ": " + item.resultMessage();
        return new KeySourceException("key manager refused key '" + keyId + "': " + reason + message);
    }

    /** The wrapped Key Value is the TTLV Key Value structure, RSA-OAEP-SHA256 encrypted (KMIP 2.1 §2.1.5). */
    private static byte[] unwrap(ResponseBatchItem get, EphemeralWrappingKey wrappingKey) throws KeySourceException {
        Get.Response response = get.payload(Get.Response.class)
                .orElseThrow(() -> new KeySourceException("the Get answer has no payload"));
        if (!(response.object() instanceof ManagedObject.SymmetricKey key)) {
            throw new KeySourceException("the key id names a " + response.objectType() + ", not a Symmetric Key");
        }
        if (!(key.keyBlock().keyValue() instanceof KeyValue.Wrapped wrapped)) {
            throw new KeySourceException("the key manager released the key unwrapped although a wrapping key was "
                    + "given; refusing it");
        }
        byte[] wrappedBytes = wrapped.bytes().toByteArray();
        byte[] keyValue = null;
        try {
            keyValue = wrappingKey.unwrap(wrappedBytes);
            Ttlv decoded = new TtlvDecoder().decode(keyValue);
            if (!(decoded instanceof Ttlv.Structure s)
                    || !(s.child(Tag.KEY_MATERIAL).orElse(null) instanceof Ttlv.ByteString material)) {
                throw new KeySourceException("the unwrapped Key Value holds no Key Material byte string");
            }
            return material.value();
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("cannot unwrap the released key with this run's wrapping key", e);
        } catch (dev.snpkm.kmip.ttlv.TtlvException | RuntimeException e) {
            throw new KeySourceException("the unwrapped Key Value is not valid TTLV", e);
        } finally {
            Arrays.fill(wrappedBytes, (byte) 0);
            if (keyValue != null) {
                Arrays.fill(keyValue, (byte) 0);
            }
            wrapped.bytes().destroy();
        }
    }

    private static void destroyMaterial(Get.Response response) {
        if (response.object() instanceof ManagedObject.SymmetricKey k) {
            if (k.keyBlock().keyValue() instanceof KeyValue.Plain p
                    && p.material() instanceof dev.snpkm.kmip.object.KeyMaterial.Raw raw) {
                raw.bytes().destroy();
            } else if (k.keyBlock().keyValue() instanceof KeyValue.Wrapped w) {
                w.bytes().destroy();
            }
        }
    }
}
