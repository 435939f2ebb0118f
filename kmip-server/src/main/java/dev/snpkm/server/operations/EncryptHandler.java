package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.cryptoservice.AsymmetricKeys;
import dev.snpkm.server.cryptoservice.CipherRequest;
import dev.snpkm.server.cryptoservice.RsaCiphers;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.cryptoservice.SymmetricCiphers;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.access.UsageLimitsCounter;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Encrypt (KMIP 1.4 §4.29, 2.1 §6.1 Encrypt): AES (ECB, CBC, CTR, GCM; {@link SymmetricCiphers}; ChaCha20, ChaCha20-Poly1305) with a Symmetric Key,
 * RSA (OAEP, PKCS#1 v1.5; {@link RsaCiphers}) with a Public Key; AES also in parts (Init Indicator, then Correlation
 * Value until Final Indicator). The key is checked by {@link ServiceKeys}: never a bound key; Active; Encrypt in its
 * usage mask; before its Protect Stop Date. A GCM tag is returned apart from the ciphertext, in Authenticated
 * Encryption Tag.
 */
public final class EncryptHandler implements OperationHandler<Encrypt.Request> {
    static final ServiceKeys.Use USE = new ServiceKeys.Use(
            Operation.ENCRYPT,
            CryptographicUsageMask.ENCRYPT,
            true,
            Set.of(ObjectType.SYMMETRIC_KEY, ObjectType.PUBLIC_KEY));

    /** Bounded in number and in what they hold back (an AES-GCM Decrypt holds everything until its tag). */
    private final ServiceStreams<SymmetricCiphers.Started> streams =
            new ServiceStreams<>(SymmetricCiphers.Started::held);

    @Override
    public Operation operation() {
        return Operation.ENCRYPT;
    }

    @Override
    public Class<Encrypt.Request> requestType() {
        return Encrypt.Request.class;
    }

    @Override
    public ResponsePayload handle(Encrypt.Request request, OperationContext ctx) {
        byte[] data = request.data() == null ? new byte[0] : request.data().toByteArray();
        try {
            if (ServiceStreamParts.continues(request.stream())) {
                return next(request, data, ctx);
            }
            if (request.data() == null) {
                throw ServiceRefusals.missing("Encrypt needs the Data to encrypt");
            }
            KmipObject key = ServiceKeys.load(request.uniqueIdentifier(), USE, ctx);
            UsageLimitsCounter.charge(key, USE, data.length, true, ctx);
            CryptographicParameters p = ServiceStreamParts.parameters(key, request.parameters());
            try (StoredMaterial m = ServiceKeys.material(key, ctx)) {
                if (key.objectType() == ObjectType.PUBLIC_KEY) {
                    if (request.stream().isStreaming() || request.ivCounterNonce() != null) {
                        throw ServiceRefusals.badParameters(
                                ctx.version(), "RSA Encrypt is single-shot and takes no IV/Counter/Nonce");
                    }
                    String family = AsymmetricKeys.family(ServiceStreamParts.algorithm(key), ctx.version());
                    return new Encrypt.Response(
                            key.uid(),
                            Bytes.of(RsaCiphers.run(
                                    true, AsymmetricKeys.publicKey(family, m.bytes()), p, data, ctx.version())),
                            null,
                            null,
                            null);
                }
                SymmetricCiphers.Started s = SymmetricCiphers.start(
                        ServiceStreamParts.algorithm(key),
                        new CipherRequest(
                                true,
                                m.bytes(),
                                p,
                                bytesOrNull(request.ivCounterNonce()),
                                bytesOrNull(request.additionalData()),
                                0,
                                ctx.services().random(),
                                ctx.version()));
                Bytes iv = s.generatedIv() == null ? null : Bytes.of(s.generatedIv());
                if (ServiceStreamParts.opens(request.stream())) {
                    byte[] out = s.cipher().update(data);
                    Bytes correlation = streams.put(
                            ServiceStreamParts.owner(ctx),
                            key.uid(),
                            s,
                            ctx.services().random(),
                            ctx.services().clock(),
                            ctx.version());
                    return new Encrypt.Response(key.uid(), Bytes.of(orEmpty(out)), iv, correlation, null);
                }
                return last(key.uid(), s, data, iv);
            }
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private ResponsePayload next(Encrypt.Request request, byte[] data, OperationContext ctx) {
        ServiceStreamParts.Part<SymmetricCiphers.Started> part =
                ServiceStreamParts.resume(streams, request.stream(), request.uniqueIdentifier(), USE, ctx);
        boolean keptOpen = false;
        try {
            SymmetricCiphers.Started s = part.stream().state();
            UsageLimitsCounter.charge(part.key(), USE, data.length, false, ctx);
            if (request.stream().isFinal()) {
                return last(part.key().uid(), s, data, null);
            }
            byte[] out = s.cipher().update(data);
            streams.putBack(part.correlation(), part.stream(), ctx.services().clock(), ctx.version());
            keptOpen = true;
            return new Encrypt.Response(part.key().uid(), Bytes.of(orEmpty(out)), null, part.correlation(), null);
        } finally {
            if (!keptOpen) {
                streams.done(part.correlation()); // its final part, or a failed one: what it held is let go
            }
        }
    }

    /** The final (or only) part: the rest of the ciphertext and, for GCM, the tag split off its end. */
    private static Encrypt.Response last(String uid, SymmetricCiphers.Started s, byte[] data, @Nullable Bytes iv) {
        byte[] out = SymmetricCiphers.finish(s, data);
        if (!s.isAuthenticated()) {
            return new Encrypt.Response(uid, Bytes.of(out), iv, null, null);
        }
        int split = out.length - s.tagLength();
        return new Encrypt.Response(
                uid,
                Bytes.of(Arrays.copyOfRange(out, 0, split)),
                iv,
                null,
                Bytes.of(Arrays.copyOfRange(out, split, out.length)));
    }

    static byte[] orEmpty(byte @Nullable [] b) {
        return b == null ? new byte[0] : b;
    }

    static byte @Nullable [] bytesOrNull(@Nullable Bytes b) {
        return b == null ? null : b.toByteArray();
    }
}
