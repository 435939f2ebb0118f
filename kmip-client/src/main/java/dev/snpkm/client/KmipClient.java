package dev.snpkm.client;

import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Typed KMIP operations on one key manager. Every call is one request message; a failed operation throws
 * {@link KmipOperationException} (Result Status, Reason, Message), a lost connection {@link KmipTransportException}.
 * The client owns the transport and closes it. Thread-safe (the transport serialises requests).
 *
 * <p>The protocol version is fixed by {@link Options#version()} or negotiated with Discover Versions on first use,
 * never above {@link Options#maxVersion()}.
 */
public final class KmipClient implements AutoCloseable {

    /**
     * @param version the protocol version to speak, or null to negotiate it at first use
     * @param maxVersion the newest version negotiation may pick (at most 2.1, what kmip-core encodes)
     * @param clientCorrelationValue sent in every header when not null (2.0+; PyKMIP rejects it)
     * @param maximumResponseSize sent in every header when not null
     */
    public record Options(
            @Nullable KmipVersion version,
            KmipVersion maxVersion,
            @Nullable String clientCorrelationValue,
            @Nullable Integer maximumResponseSize) {
        public Options {
            Objects.requireNonNull(maxVersion, "maxVersion");
            if (maxVersion.compareTo(KmipVersion.V2_1) > 0) {
                throw new IllegalArgumentException(
                        "maxVersion " + maxVersion + " is above 2.1, the newest this " + "client speaks; use 2.1");
            }
            if (version != null && version.compareTo(maxVersion) > 0) {
                throw new IllegalArgumentException("version " + version + " is above maxVersion " + maxVersion);
            }
        }

        /** Negotiate, up to 2.1, no optional header fields. */
        public static Options defaults() {
            return new Options(null, KmipVersion.V2_1, null, null);
        }

        /** Speak exactly this version without negotiating (e.g. 1.2 for PyKMIP). */
        public static Options fixed(KmipVersion version) {
            return new Options(version, KmipVersion.V2_1, null, null);
        }

        public Options withClientCorrelationValue(@Nullable String value) {
            return new Options(version, maxVersion, value, maximumResponseSize);
        }
    }

    private final Options options;
    private final RequestExecutor executor;
    private final ObjectCalls objects;
    private final AttributeCalls attributes;
    private final ServerCalls server;

    public KmipClient(KmipTransport transport) {
        this(transport, Options.defaults());
    }

    public KmipClient(KmipTransport transport, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.executor = new RequestExecutor(Objects.requireNonNull(transport, "transport"), options);
        this.objects = new ObjectCalls(executor);
        this.attributes = new AttributeCalls(executor);
        this.server = new ServerCalls(executor);
    }

    /** The protocol version in use (negotiates on the first call if needed). */
    public KmipVersion protocolVersion() throws KmipOperationException, KmipTransportException {
        return executor.version();
    }

    /** Creates a symmetric key and returns its Unique Identifier. */
    public String create(CryptographicAlgorithm algorithm, int lengthBits, Attribute... more)
            throws KmipOperationException, KmipTransportException {
        return objects.createSymmetricKey(algorithm, lengthBits, Arrays.asList(more));
    }

    public String register(ManagedObject object, Attributes attributes)
            throws KmipOperationException, KmipTransportException {
        return objects.register(object, attributes);
    }

    /** The object in the server's default format; the caller destroys the returned key material when done. */
    public ManagedObject get(String uid) throws KmipOperationException, KmipTransportException {
        return objects.get(uid, null, null);
    }

    public ManagedObject get(String uid, KeyFormatType format) throws KmipOperationException, KmipTransportException {
        return objects.get(uid, format, null);
    }

    public ManagedObject get(String uid, KeyWrappingSpecification wrapping)
            throws KmipOperationException, KmipTransportException {
        return objects.get(uid, null, wrapping);
    }

    public ManagedObject get(String uid, @Nullable KeyFormatType format, @Nullable KeyWrappingSpecification wrapping)
            throws KmipOperationException, KmipTransportException {
        return objects.get(uid, format, wrapping);
    }

    /** Identifiers of objects matching all the attributes; maxItems null means the server's limit. */
    public List<String> locate(Attributes match, @Nullable Integer maxItems)
            throws KmipOperationException, KmipTransportException {
        return server.locate(match, maxItems);
    }

    /** The named attributes (none: all). */
    public Attributes getAttributes(String uid, String... names) throws KmipOperationException, KmipTransportException {
        return attributes.get(uid, List.of(names));
    }

    public void addAttribute(String uid, Attribute attribute) throws KmipOperationException, KmipTransportException {
        attributes.add(uid, attribute);
    }

    public void modifyAttribute(String uid, Attribute attribute) throws KmipOperationException, KmipTransportException {
        attributes.modify(uid, attribute);
    }

    public void deleteAttribute(String uid, String name) throws KmipOperationException, KmipTransportException {
        attributes.delete(uid, name);
    }

    public void activate(String uid) throws KmipOperationException, KmipTransportException {
        objects.activate(uid);
    }

    public void revoke(String uid, RevocationReason reason) throws KmipOperationException, KmipTransportException {
        objects.revoke(uid, reason);
    }

    public void destroy(String uid) throws KmipOperationException, KmipTransportException {
        objects.destroy(uid);
    }

    /** Re-key: returns the replacement key's identifier. */
    public String reKey(String uid) throws KmipOperationException, KmipTransportException {
        return objects.reKey(uid);
    }

    public Query.Response query(QueryFunction... functions) throws KmipOperationException, KmipTransportException {
        return server.query(functions);
    }

    /** The versions both sides speak, the server's preferred first. */
    public List<KmipVersion> discoverVersions() throws KmipOperationException, KmipTransportException {
        return server.discoverVersions(options.maxVersion());
    }

    /** A multi-operation request; see {@link KmipBatch}. */
    public KmipBatch batch() {
        return new KmipBatch(executor);
    }

    @Override
    public void close() {
        executor.close();
    }
}
