package dev.snpkm.unlock.key;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.transport.KmipRequestProcessor;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server processor that answers a KMIP 1.4 Get with a Raw AES Symmetric Key from a map, or Item Not Found: a
 * stand-in for the server's Get operation, which does not exist yet.
 */
public final class GetKeyProcessor implements KmipRequestProcessor {
    private static final KmipRegistry R = KmipRegistry.get();

    private final Map<String, byte[]> keys;
    private final AtomicInteger requests = new AtomicInteger();

    public GetKeyProcessor(Map<String, byte[]> keys) {
        this.keys = Map.copyOf(keys);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public Ttlv process(Ttlv.Structure request, dev.snpkm.server.auth.ClientIdentity client) {
        requests.incrementAndGet();
        Ttlv.Structure item = (Ttlv.Structure) request.child(tag("Batch Item")).orElseThrow();
        Ttlv.Structure payload = (Ttlv.Structure) item.child(tag("Request Payload")).orElseThrow();
        String id = ((Ttlv.TextString) payload.child(tag("Unique Identifier")).orElseThrow()).value();
        byte[] key = keys.get(id);
        Ttlv result = key == null
                ? Ttlv.structure(tag("Batch Item"), item.child(tag("Operation")).orElseThrow(),
                        Ttlv.enumeration(tag("Result Status"), value("Result Status", "Operation Failed")),
                        Ttlv.enumeration(tag("Result Reason"), value("Result Reason", "Item Not Found")),
                        Ttlv.text(tag("Result Message"), "no object " + id))
                : Ttlv.structure(tag("Batch Item"), item.child(tag("Operation")).orElseThrow(),
                        Ttlv.enumeration(tag("Result Status"), value("Result Status", "Success")),
                        Ttlv.structure(tag("Response Payload"),
                                Ttlv.enumeration(tag("Object Type"), value("Object Type", "Symmetric Key")),
                                Ttlv.text(tag("Unique Identifier"), id),
                                Ttlv.structure(tag("Symmetric Key"), Ttlv.structure(tag("Key Block"),
                                        Ttlv.enumeration(tag("Key Format Type"), value("Key Format Type", "Raw")),
                                        Ttlv.structure(tag("Key Value"), Ttlv.bytes(tag("Key Material"), key)),
                                        Ttlv.enumeration(tag("Cryptographic Algorithm"),
                                                value("Cryptographic Algorithm", "AES")),
                                        Ttlv.integer(tag("Cryptographic Length"), key.length * 8)))));
        Ttlv.Structure header = (Ttlv.Structure) request.child(tag("Request Header")).orElseThrow();
        return Ttlv.structure(tag("Response Message"),
                Ttlv.structure(tag("Response Header"), header.child(tag("Protocol Version")).orElseThrow(),
                        Ttlv.dateTime(tag("Time Stamp"), Instant.now().getEpochSecond()),
                        Ttlv.integer(tag("Batch Count"), 1)),
                result);
    }

    static int tag(String name) {
        return R.tagValue(name);
    }

    static int value(String enumeration, String name) {
        return R.valueByName(enumeration, name, null).orElseThrow().value();
    }
}
