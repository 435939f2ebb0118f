package dev.snpkm.server.conformance;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which steps of a case produce Data from randomness the reference had and no other server can reproduce
 * ({@link ResponseComparator#RANDOM_OUTPUT_RULE}): RNG Retrieve, and Encrypt or Decrypt naming a key the case created
 * (Create) or registered as a Public Key (RSA encryption pads at random). Keys are tracked by their
 * {@code $UNIQUE_IDENTIFIER_n} placeholder.
 */
final class RandomOutputs {
    private static final KmipRegistry R = KmipRegistry.get();
    private static final int BATCH_ITEM = R.tagValue("Batch Item");
    private static final int OPERATION = R.tagValue("Operation");
    private static final int REQUEST_PAYLOAD = R.tagValue("Request Payload");
    private static final int RESPONSE_PAYLOAD = R.tagValue("Response Payload");
    private static final int OBJECT_TYPE = R.tagValue("Object Type");
    private static final int UNIQUE_IDENTIFIER = R.tagValue("Unique Identifier");
    private static final int IV_COUNTER_NONCE = R.tagValue("IV/Counter/Nonce");
    private static final int CREATE = op("Create");
    private static final int REGISTER = op("Register");
    private static final int ENCRYPT = op("Encrypt");
    private static final int DECRYPT = op("Decrypt");
    private static final int RNG_RETRIEVE = op("RNG Retrieve");
    private static final int PUBLIC_KEY =
            R.valueByName("Object Type", "Public Key", null).orElseThrow().value();

    private final CasePlaceholders placeholders;
    private final Set<String> randomKeys = new HashSet<>();

    RandomOutputs(CasePlaceholders placeholders) {
        this.placeholders = placeholders;
    }

    /**
     * Whether the request's (single) batch item yields random Data: RNG Retrieve; Encrypt or Decrypt under a random
     * key; an Encrypt whose IV the server chose (the expected response carries an IV/Counter/Nonce the request lacked).
     */
    boolean randomOutput(Ttlv request, Ttlv expectedResponse) {
        Optional<Ttlv.Structure> item = firstItem(request);
        int op = item.map(RandomOutputs::operation).orElse(0);
        if (op == RNG_RETRIEVE) {
            return true;
        }
        if (op != ENCRYPT && op != DECRYPT) {
            return false;
        }
        boolean serverIv = op == ENCRYPT
                && payloadField(item, REQUEST_PAYLOAD, IV_COUNTER_NONCE).isEmpty()
                && payloadField(firstItem(expectedResponse), RESPONSE_PAYLOAD, IV_COUNTER_NONCE)
                        .isPresent();
        if (serverIv) {
            return true;
        }
        return item.flatMap(i -> i.child(REQUEST_PAYLOAD))
                .flatMap(p -> ((Ttlv.Structure) p).child(UNIQUE_IDENTIFIER))
                .flatMap(placeholders::placeholderOf)
                .filter(randomKeys::contains)
                .isPresent();
    }

    /** After a step: a Create's key, or a registered Public Key, makes later outputs under it random. */
    void learn(Ttlv request, Ttlv expectedResponse) {
        Optional<Ttlv.Structure> item = firstItem(request);
        int op = item.map(RandomOutputs::operation).orElse(0);
        boolean publicKey = op == REGISTER
                && item.flatMap(i -> i.child(REQUEST_PAYLOAD))
                        .flatMap(p -> ((Ttlv.Structure) p).child(OBJECT_TYPE))
                        .filter(t -> t instanceof Ttlv.Enumeration e && e.value() == PUBLIC_KEY)
                        .isPresent();
        if (op != CREATE && !publicKey) {
            return;
        }
        firstItem(expectedResponse)
                .flatMap(i -> i.child(RESPONSE_PAYLOAD))
                .flatMap(p -> ((Ttlv.Structure) p).child(UNIQUE_IDENTIFIER))
                .flatMap(placeholders::placeholderOf)
                .ifPresent(randomKeys::add);
    }

    private static Optional<Ttlv> payloadField(Optional<Ttlv.Structure> item, int payloadTag, int tag) {
        return item.flatMap(i -> i.child(payloadTag)).flatMap(p -> ((Ttlv.Structure) p).child(tag));
    }

    private static Optional<Ttlv.Structure> firstItem(Ttlv message) {
        return ((Ttlv.Structure) message).child(BATCH_ITEM).map(Ttlv.Structure.class::cast);
    }

    private static int operation(Ttlv.Structure item) {
        return item.child(OPERATION).map(o -> ((Ttlv.Enumeration) o).value()).orElse(0);
    }

    private static int op(String name) {
        return R.valueByName("Operation", name, null).orElseThrow().value();
    }
}
