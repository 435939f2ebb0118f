package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Decrypt;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.server.cryptoservice.AsymmetricKeys;
import dev.snpkm.server.cryptoservice.CipherRequest;
import dev.snpkm.server.cryptoservice.RsaCiphers;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.cryptoservice.SymmetricCiphers;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decrypt (KMIP 1.4 §4.30, 2.1 §6.1 Decrypt): AES (ECB, CBC, CTR, GCM), ChaCha20 and ChaCha20-Poly1305 with a Symmetric Key, RSA (OAEP, PKCS#1 v1.5)
 * with a Private Key; AES also in parts. The key is checked by {@link ServiceKeys}: never a bound key; Active,
 * Deactivated or Compromised (processing protected data); Decrypt in its usage mask; past its Process Start Date. A GCM
 * Decrypt needs the Authenticated Encryption Tag (in the final part of a stream) and releases no plaintext when the tag
 * does not match: the JDK holds GCM plaintext back until the tag is verified.
 */
public final class DecryptHandler implements OperationHandler<Decrypt.Request> {
    static final ServiceKeys.Use USE = new ServiceKeys.Use(
            Operation.DECRYPT,
            CryptographicUsageMask.DECRYPT,
            false,
            Set.of(ObjectType.SYMMETRIC_KEY, ObjectType.PRIVATE_KEY));

    /** Bounded in number and in what they hold back (an AES-GCM Decrypt holds everything until its tag). */
    private final ServiceStreams<SymmetricCiphers.Started> streams =
            new ServiceStreams<>(SymmetricCiphers.Started::held);

    @Override
    public Operation operation() {
        return Operation.DECRYPT;
    }

    @Override
    public Class<Decrypt.Request> requestType() {
        return Decrypt.Request.class;
    }

    @Override
    public ResponsePayload handle(Decrypt.Request request, OperationContext ctx) {
        byte[] data = ServiceStreamParts.orEmpty(request.data());
        if (ServiceStreamParts.continues(request.stream())) {
            return next(request, data, ctx);
        }
        if (request.data() == null) {
            throw ServiceRefusals.missing("Decrypt needs the Data to decrypt");
        }
        KmipObject key = ServiceKeys.load(request.uniqueIdentifier(), USE, ctx);
        CryptographicParameters p = ServiceStreamParts.parameters(key, request.parameters());
        try (StoredMaterial m = ServiceKeys.material(key, ctx)) {
            if (key.objectType() == ObjectType.PRIVATE_KEY) {
                if (request.stream().isStreaming() || request.ivCounterNonce() != null) {
                    throw ServiceRefusals.badParameters(
                            ctx.version(), "RSA Decrypt is single-shot and takes no IV/Counter/Nonce");
                }
                String family = AsymmetricKeys.family(ServiceStreamParts.algorithm(key), ctx.version());
                return plaintext(
                        key.uid(),
                        RsaCiphers.run(false, AsymmetricKeys.privateKey(family, m.bytes()), p, data, ctx.version()),
                        null);
            }
            boolean opens = ServiceStreamParts.opens(request.stream());
            byte[] tag = EncryptHandler.bytesOrNull(request.tag());
            SymmetricCiphers.Started s = SymmetricCiphers.start(
                    ServiceStreamParts.algorithm(key),
                    new CipherRequest(
                            false,
                            m.bytes(),
                            p,
                            EncryptHandler.bytesOrNull(request.ivCounterNonce()),
                            EncryptHandler.bytesOrNull(request.additionalData()),
                            opens || tag == null ? 0 : tag.length,
                            ctx.services().random(),
                            ctx.version()));
            if (opens) {
                byte[] out = EncryptHandler.orEmpty(s.cipher().update(data));
                Bytes correlation = streams.put(
                        ServiceStreamParts.owner(ctx),
                        key.uid(),
                        s,
                        ctx.services().random(),
                        ctx.services().clock(),
                        ctx.version());
                return plaintext(key.uid(), out, correlation);
            }
            return last(key.uid(), s, data, tag);
        }
    }

    private ResponsePayload next(Decrypt.Request request, byte[] data, OperationContext ctx) {
        ServiceStreamParts.Part<SymmetricCiphers.Started> part =
                ServiceStreamParts.resume(streams, request.stream(), request.uniqueIdentifier(), USE, ctx);
        boolean keptOpen = false;
        try {
            SymmetricCiphers.Started s = part.stream().state();
            if (request.stream().isFinal()) {
                return last(part.key().uid(), s, data, EncryptHandler.bytesOrNull(request.tag()));
            }
            byte[] out = EncryptHandler.orEmpty(s.cipher().update(data));
            streams.putBack(part.correlation(), part.stream(), ctx.services().clock(), ctx.version());
            keptOpen = true;
            return plaintext(part.key().uid(), out, part.correlation());
        } finally {
            if (!keptOpen) {
                streams.done(part.correlation()); // its final part, or a failed one: what it held is let go
            }
        }
    }

    private static Decrypt.Response last(String uid, SymmetricCiphers.Started s, byte[] data, byte @Nullable [] tag) {
        byte[] input = data;
        if (s.isAuthenticated()) {
            if (tag == null) {
                throw ServiceRefusals.missing(
                        "an authenticated Decrypt (GCM, ChaCha20Poly1305) needs the Authenticated Encryption Tag");
            }
            input = Arrays.copyOf(data, data.length + tag.length);
            System.arraycopy(tag, 0, input, data.length, tag.length);
        }
        return plaintext(uid, SymmetricCiphers.finish(s, input), null);
    }

    /** The response; the plaintext array is zeroed once the Secret holds its copy. */
    private static Decrypt.Response plaintext(String uid, byte[] plain, @Nullable Bytes correlation) {
        try {
            return new Decrypt.Response(uid, Secret.of(plain), correlation);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
