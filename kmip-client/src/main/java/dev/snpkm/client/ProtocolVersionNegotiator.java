package dev.snpkm.client;

import dev.snpkm.kmip.registry.KmipVersion;
import java.util.List;

/**
 * Chooses the protocol version from a Discover Versions answer (KMIP 1.4 §4.26): the server lists the versions both
 * sides support in the client's order of preference, so the first one not above the cap wins.
 */
final class ProtocolVersionNegotiator {
    /** Newest first; what kmip-core can encode. */
    static final List<KmipVersion> CLIENT_VERSIONS = KmipVersion.SUPPORTED;
    /**
     * Discover Versions itself travels in 1.1, the first version that has it: a 1.x-only server (PyKMIP) cannot
     * read a 2.x header, and every server that knows the operation reads 1.1.
     */
    static final KmipVersion DISCOVERY_VERSION = KmipVersion.V1_1;

    private ProtocolVersionNegotiator() {}

    static List<KmipVersion> offered(KmipVersion cap) {
        return CLIENT_VERSIONS.stream().filter(v -> v.compareTo(cap) <= 0).toList();
    }

    static KmipVersion choose(List<KmipVersion> serverAnswer, KmipVersion cap) throws KmipOperationException {
        List<KmipVersion> mine = offered(cap);
        return serverAnswer.stream()
                .filter(mine::contains)
                .findFirst()
                .orElseThrow(() -> KmipOperationException.protocol(
                        null,
                        "the server supports none of the versions " + mine + " (it answered " + serverAnswer
                                + "); set KmipClient.Options.version explicitly"));
    }
}
