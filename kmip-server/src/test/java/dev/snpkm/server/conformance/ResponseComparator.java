package dev.snpkm.server.conformance;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.ItemText;
import dev.snpkm.kmip.text.TagNames;
import dev.snpkm.kmip.text.ValueContext;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compares a server's Response Message with a test case's expected one, allowing exactly the differences the KMIP
 * Profiles allow (2.1 §5.4.1): identifier values, dates and times, correlation values,
 * Result Message text, attribute order, and attributes beyond those expected. Everything else must match: Result
 * Status and Reason, operations, object types, enumerations, values, and the number and order of fields. One more
 * server-specific value is allowed ({@link #RNG_RULE}): which generator the Random Number Generator attribute names.
 *
 * <p>Each difference is one line naming its path, e.g. {@code BatchItem[0]/ResultStatus expected Success, got
 * OperationFailed (reason ItemNotFound: no such object)}.
 */
final class ResponseComparator {
    private static final KmipRegistry R = KmipRegistry.get();
    private static final ItemText TEXT = new ItemText(KmipVersion.V2_1);

    private static final int BATCH_ITEM = R.tagValue("Batch Item");
    private static final int RESULT_STATUS = R.tagValue("Result Status");
    private static final int RESULT_REASON = R.tagValue("Result Reason");
    private static final int RESULT_MESSAGE = R.tagValue("Result Message");
    private static final int ATTRIBUTE = R.tagValue("Attribute");
    private static final int ATTRIBUTE_INDEX = R.tagValue("Attribute Index");
    private static final int OPERATION = R.tagValue("Operation");
    private static final int RESPONSE_PAYLOAD = R.tagValue("Response Payload");
    private static final int QUERY =
            R.valueByName("Operation", "Query", null).orElseThrow().value();

    /**
     * Query answers describe the server, not the test: the expected Operations and Object Types are the profile's
     * minimum (a server may support more, in any order), and vendor name and server information are the vendor's.
     */
    private static final Set<Integer> VENDOR_SPECIFIC =
            Set.of(R.tagValue("Vendor Identification"), R.tagValue("Server Information"));

    /** Fields whose presence and value the Profiles leave to the server. */
    private static final Set<Integer> IGNORED =
            Set.of(RESULT_MESSAGE, R.tagValue("Server Correlation Value"), R.tagValue("Client Correlation Value"));

    /** Identifiers: any value, but a {@code $UNIQUE_IDENTIFIER_n} must stay the same within a case. */
    private static final Set<Integer> IDENTIFIERS = Set.of(
            R.tagValue("Unique Identifier"),
            R.tagValue("Private Key Unique Identifier"),
            R.tagValue("Public Key Unique Identifier"),
            R.tagValue("Linked Object Identifier"),
            R.tagValue("Short Unique Identifier"));

    /** 2.x attribute containers: every child is an attribute, in any order, and extra ones are allowed. */
    private static final Set<Integer> ATTRIBUTE_CONTAINERS = Set.of(
            R.tagValue("Attributes"),
            R.tagValue("Common Attributes"),
            R.tagValue("Private Key Attributes"),
            R.tagValue("Public Key Attributes"));

    /** Children matched as a set, extras allowed, wherever they appear: 1.x Attribute and Get Attribute List names. */
    private static final Set<Integer> UNORDERED =
            Set.of(ATTRIBUTE, ValueContext.ATTRIBUTE_NAME, ValueContext.ATTRIBUTE_REFERENCE);

    /**
     * Key material and digests the reference server generated at random: only their size can match. A value the
     * client itself sent in the case (a registered key) is not generated and must match exactly.
     */
    private static final Set<Integer> GENERATED_MATERIAL = Set.of(
            R.tagValue("Key Material"),
            R.tagValue("Digest Value"),
            R.tagValue("Modulus"),
            R.tagValue("Private Exponent"),
            R.tagValue("P"),
            R.tagValue("Q"),
            R.tagValue("Prime Exponent P"),
            R.tagValue("Prime Exponent Q"),
            R.tagValue("CRT Coefficient"));

    /**
     * The Random Number Generator attribute (1.4 §3.44, 2.1 §4.48) states which generator the implementation uses, as
     * Vendor Identification names the vendor: the reference reports its ANSI X9.31 generator, a conforming server its
     * own. So its value is the server's, but it must be there and be well-formed RNG Parameters (2.1 §2.1.22): one RNG
     * Algorithm enumeration, and otherwise only RNG Parameters fields.
     */
    static final String RNG_RULE = "The value of the Random Number Generator attribute is the server's: it names the "
            + "generator the implementation uses (the reference's is ANSI X9.31, ours the JDK's NIST SP 800-90A DRBG), "
            + "like Vendor Identification and Server Information. Where the reference has the attribute, it must be "
            + "present and be well-formed RNG Parameters: exactly one RNG Algorithm, and only RNG Parameters fields.";

    private static final int RANDOM_NUMBER_GENERATOR = R.tagValue("Random Number Generator");
    private static final int ATTRIBUTE_VALUE = R.tagValue("Attribute Value");
    private static final int RNG_ALGORITHM = R.tagValue("RNG Algorithm");
    private static final Set<Integer> RNG_PARAMETER_FIELDS = Set.of(
            RNG_ALGORITHM,
            R.tagValue("Cryptographic Algorithm"),
            R.tagValue("Cryptographic Length"),
            R.tagValue("Hashing Algorithm"),
            R.tagValue("DRBG Algorithm"),
            R.tagValue("Recommended Curve"),
            R.tagValue("FIPS186 Variation"),
            R.tagValue("Prediction Resistance"));

    private final CasePlaceholders placeholders;
    private final Predicate<byte[]> sentByClient;

    /**
     * @param placeholders the placeholders of the case the expected responses were read from
     * @param sentByClient whether a byte value occurs in one of the case's requests
     */
    ResponseComparator(CasePlaceholders placeholders, Predicate<byte[]> sentByClient) {
        this.placeholders = placeholders;
        this.sentByClient = sentByClient;
    }

    /** The differences that matter, empty if the response conforms; learns identifiers into {@code learned}. */
    /**
     * Output the reference produced from randomness of its own, which no other server can reproduce: RNG Retrieve's
     * Data, RSA encryption (OAEP and PKCS#1 v1.5 pad at random), and any Encrypt or Decrypt under a key the reference
     * generated (Create). For such a step only the size of Data must match.
     */
    static final String RANDOM_OUTPUT_RULE = "**Output of the reference's own randomness**: the Data of RNG Retrieve, "
            + "of RSA Encrypt (OAEP and PKCS#1 v1.5 pad at random), of Encrypt or Decrypt under a key the case "
            + "created (Create generates it at random), and of an Encrypt whose IV the server chose (Data and "
            + "IV/Counter/Nonce): only their size must match. Other output under keys the case registers (the test "
            + "vectors) must match exactly.";

    private static final int DATA = R.tagValue("Data");
    private static final int IV_COUNTER_NONCE = R.tagValue("IV/Counter/Nonce");
    private boolean randomOutput;

    /** As {@link #compare(Ttlv, Ttlv, LearnedIdentifiers)}, for a step whose Data is random output. */
    List<String> compare(Ttlv expected, Ttlv actual, LearnedIdentifiers learned, boolean randomData) {
        randomOutput = randomData;
        try {
            return compare(expected, actual, learned);
        } finally {
            randomOutput = false;
        }
    }

    List<String> compare(Ttlv expected, Ttlv actual, LearnedIdentifiers learned) {
        List<String> diffs = new ArrayList<>();
        if (expected.tag() != actual.tag()) {
            diffs.add("expected a " + TagNames.render(expected.tag()) + ", got a " + TagNames.render(actual.tag()));
            return diffs;
        }
        compare(expected, actual, "", Optional.empty(), learned, diffs);
        return diffs;
    }

    private void compare(
            Ttlv exp,
            Ttlv act,
            String path,
            Optional<String> attributeName,
            LearnedIdentifiers learned,
            List<String> diffs) {
        if (exp.type() != act.type()) {
            diffs.add(path + " expected a " + exp.type().encodingName() + ", got a "
                    + act.type().encodingName() + " " + brief(act, attributeName));
            return;
        }
        Optional<String> placeholder = placeholders.placeholderOf(exp);
        if (placeholder.isPresent()) {
            Optional<Integer> n = LearnedIdentifiers.indexOf(placeholder.get());
            if (n.isPresent() && act instanceof Ttlv.TextString t) {
                String why = learned.accept(n.get(), t.value());
                if (why != null) {
                    diffs.add(path + " " + why);
                }
            } else if (act instanceof Ttlv.ByteString b) {
                learned.acceptBytes(placeholder.get(), b.value());
            }
            return; // any other placeholder stands for a value only the server knows
        }
        if (isRngValue(exp, attributeName)) {
            String why = rngParametersProblem(act);
            if (why != null) {
                diffs.add(path + " " + why);
            }
        } else if (exp instanceof Ttlv.Structure e) {
            compareStructure(e, (Ttlv.Structure) act, path, learned, diffs, false);
        } else if (exp instanceof Ttlv.DateTime
                || exp instanceof Ttlv.DateTimeExtended
                || IDENTIFIERS.contains(exp.tag())) {
            return; // the Profiles allow dates and identifiers to differ
        } else if (randomOutput
                && (exp.tag() == DATA || exp.tag() == IV_COUNTER_NONCE)
                && exp instanceof Ttlv.ByteString) {
            String why = sizeMismatch(exp, act);
            if (why != null) {
                diffs.add(path + " " + why);
            }
        } else if (GENERATED_MATERIAL.contains(exp.tag()) && isGenerated(exp)) {
            String why = sizeMismatch(exp, act);
            if (why != null) {
                diffs.add(path + " " + why);
            }
        } else if (!sameValue(exp, act)) {
            diffs.add(path + " expected " + brief(exp, attributeName) + ", got " + brief(act, attributeName));
        }
    }

    private void compareStructure(
            Ttlv.Structure exp,
            Ttlv.Structure act,
            String path,
            LearnedIdentifiers learned,
            List<String> diffs,
            boolean queryPayload) {
        List<Ttlv> e = relevant(exp.children());
        List<Ttlv> a = relevant(act.children());
        if (exp.tag() == BATCH_ITEM && isQuery(exp)) {
            compareQueryItem(exp, act, path, e, a, learned, diffs);
            return;
        }
        if (queryPayload) {
            e = e.stream().map(ResponseComparator::vendorBlank).toList();
            a = a.stream().map(ResponseComparator::vendorBlank).toList();
        }
        boolean allUnordered = queryPayload || ATTRIBUTE_CONTAINERS.contains(exp.tag());
        Predicate<Ttlv> unordered = c -> allUnordered || UNORDERED.contains(c.tag());
        Optional<String> attributeName = ValueContext.attributeNameAmong(exp.children());
        List<String> local = new ArrayList<>();
        compareOrdered(
                e.stream().filter(unordered.negate()).toList(),
                a.stream().filter(unordered.negate()).toList(),
                path,
                attributeName,
                learned,
                local);
        compareUnordered(
                e.stream().filter(unordered).toList(),
                a.stream().filter(unordered).toList(),
                path,
                learned,
                local);
        if (exp.tag() == BATCH_ITEM) {
            explainResultStatus(act, path, local);
        }
        diffs.addAll(local);
    }

    /** A Query batch item: as any other, except that its payload is a capability report. */
    private void compareQueryItem(
            Ttlv.Structure exp,
            Ttlv.Structure act,
            String path,
            List<Ttlv> e,
            List<Ttlv> a,
            LearnedIdentifiers learned,
            List<String> diffs) {
        List<String> local = new ArrayList<>();
        List<Ttlv> eRest = e.stream().filter(c -> c.tag() != RESPONSE_PAYLOAD).toList();
        List<Ttlv> aRest = a.stream().filter(c -> c.tag() != RESPONSE_PAYLOAD).toList();
        compareOrdered(eRest, aRest, path, Optional.empty(), learned, local);
        Optional<Ttlv> ePayload = exp.child(RESPONSE_PAYLOAD);
        Optional<Ttlv> aPayload = act.child(RESPONSE_PAYLOAD);
        String payloadPath = path + "/" + TagNames.render(RESPONSE_PAYLOAD);
        if (ePayload.isPresent() && aPayload.isPresent()) {
            compareStructure(
                    (Ttlv.Structure) ePayload.get(),
                    (Ttlv.Structure) aPayload.get(),
                    payloadPath,
                    learned,
                    local,
                    true);
        } else if (ePayload.isPresent()) {
            local.add(payloadPath + " missing");
        } else if (aPayload.isPresent()) {
            local.add(payloadPath + " unexpected");
        }
        explainResultStatus(act, path, local);
        diffs.addAll(local);
    }

    private static boolean isQuery(Ttlv.Structure batchItem) {
        return batchItem
                .child(OPERATION)
                .filter(o -> o instanceof Ttlv.Enumeration en && en.value() == QUERY)
                .isPresent();
    }

    /** The value of a Random Number Generator attribute: 2.x by its tag, 1.x the Attribute Value named so. */
    private static boolean isRngValue(Ttlv exp, Optional<String> attributeName) {
        return exp.tag() == RANDOM_NUMBER_GENERATOR
                || (exp.tag() == ATTRIBUTE_VALUE
                        && attributeName
                                .filter("Random Number Generator"::equals)
                                .isPresent());
    }

    /** Null if {@code act} is well-formed RNG Parameters ({@link #RNG_RULE}), else what is wrong with it. */
    private static String rngParametersProblem(Ttlv act) {
        if (!(act instanceof Ttlv.Structure s)) {
            return "expected RNG Parameters, got a " + act.type().encodingName();
        }
        long algorithms = s.children().stream()
                .filter(c -> c.tag() == RNG_ALGORITHM && c instanceof Ttlv.Enumeration)
                .count();
        if (algorithms != 1) {
            return "expected RNG Parameters with one RNG Algorithm, got " + algorithms;
        }
        return s.children().stream()
                .filter(c -> !RNG_PARAMETER_FIELDS.contains(c.tag()))
                .findFirst()
                .map(c -> "RNG Parameters hold " + TagNames.render(c.tag()) + ", which is no RNG Parameters field")
                .orElse(null);
    }

    /** Vendor Identification and Server Information reduced to their presence. */
    private static Ttlv vendorBlank(Ttlv item) {
        return VENDOR_SPECIFIC.contains(item.tag()) ? Ttlv.structure(item.tag()) : item;
    }

    /** Fields in wire order: a field out of place is reported as unexpected, a field not there as missing. */
    private void compareOrdered(
            List<Ttlv> e,
            List<Ttlv> a,
            String path,
            Optional<String> attributeName,
            LearnedIdentifiers learned,
            List<String> diffs) {
        int i = 0;
        int j = 0;
        while (i < e.size() || j < a.size()) {
            if (i < e.size() && j < a.size() && e.get(i).tag() == a.get(j).tag()) {
                compare(e.get(i), a.get(j), segment(path, e, i), attributeName, learned, diffs);
                i++;
                j++;
            } else if (j < a.size()
                    && (i >= e.size() || occursFrom(a, j + 1, e.get(i).tag()))) {
                diffs.add(segment(path, a, j) + " unexpected (got " + brief(a.get(j), attributeName) + ")");
                j++;
            } else {
                diffs.add(segment(path, e, i) + " missing"
                        + (e.get(i) instanceof Ttlv.Structure
                                ? ""
                                : " (expected " + brief(e.get(i), attributeName) + ")"));
                i++;
            }
        }
    }

    /**
     * Attributes as a set: each expected one must match an unused actual one with the same tag (and Attribute Name);
     * actual ones left over are extra attributes, which the Profiles allow.
     */
    private void compareUnordered(
            List<Ttlv> e, List<Ttlv> a, String path, LearnedIdentifiers learned, List<String> diffs) {
        boolean[] used = new boolean[a.size()];
        for (Ttlv x : e) {
            String key = key(x);
            String where = path + "/" + key;
            List<String> firstMismatch = null;
            int firstCandidate = -1;
            boolean matched = false;
            for (int k = 0; k < a.size() && !matched; k++) {
                if (used[k] || !key(a.get(k)).equals(key)) {
                    continue;
                }
                LearnedIdentifiers trial = learned.copy();
                List<String> d = new ArrayList<>();
                compare(x, a.get(k), where, Optional.empty(), trial, d);
                if (d.isEmpty()) {
                    used[k] = true;
                    learned.adopt(trial);
                    matched = true;
                } else if (firstMismatch == null) {
                    firstMismatch = d;
                    firstCandidate = k;
                }
            }
            if (matched) {
                continue;
            }
            long candidates = a.stream().filter(c -> key(c).equals(key)).count();
            if (firstMismatch == null || (!(x instanceof Ttlv.Structure) && candidates > 1)) {
                // The one candidate with the same name is the same attribute, worth showing in detail; a value
                // missing from a list (an Operation in a Query answer, say) simply is not there.
                diffs.add(where + " missing"
                        + (x instanceof Ttlv.Structure ? "" : " (expected " + brief(x, Optional.empty()) + ")"));
            } else {
                used[firstCandidate] = true;
                diffs.addAll(firstMismatch);
            }
        }
    }

    /** Adds the actual Result Reason and Message to a Result Status difference: the first thing a reader needs. */
    private static void explainResultStatus(Ttlv.Structure actualItem, String path, List<String> diffs) {
        String statusPath = path + "/" + TagNames.render(RESULT_STATUS) + " ";
        for (int k = 0; k < diffs.size(); k++) {
            if (diffs.get(k).startsWith(statusPath)) {
                String reason = actualItem
                        .child(RESULT_REASON)
                        .map(r -> brief(r, Optional.empty()))
                        .orElse("none");
                String message = actualItem
                        .child(RESULT_MESSAGE)
                        .map(m -> ": " + ((Ttlv.TextString) m).value())
                        .orElse("");
                diffs.set(k, diffs.get(k) + " (reason " + reason + message + ")");
            }
        }
    }

    private static List<Ttlv> relevant(List<Ttlv> children) {
        return children.stream()
                .filter(c -> !IGNORED.contains(c.tag()))
                // KMIP 1.x §2.1.1: an absent Attribute Index means index 0.
                .filter(c -> !(c.tag() == ATTRIBUTE_INDEX && c instanceof Ttlv.IntegerItem i && i.value() == 0))
                .toList();
    }

    private boolean isGenerated(Ttlv exp) {
        return !sentByClient.test(bytesOf(exp));
    }

    /**
     * Short generated values (symmetric keys, digests) have a fixed size; DER and big-integer encodings of generated
     * asymmetric keys vary by a few bytes, so those need only be within 1/16 of the expected size.
     */
    private static String sizeMismatch(Ttlv exp, Ttlv act) {
        int expected = bytesOf(exp).length;
        int actual = bytesOf(act).length;
        boolean ok = expected <= 64 ? actual == expected : Math.abs(actual - expected) <= expected / 16;
        return ok ? null : "expected a server-generated value of " + expected + " bytes, got " + actual + " bytes";
    }

    private static byte[] bytesOf(Ttlv item) {
        if (item instanceof Ttlv.ByteString b) {
            return b.value();
        }
        if (item instanceof Ttlv.BigInt b) {
            return b.value().toByteArray();
        }
        return new byte[0];
    }

    private static boolean sameValue(Ttlv exp, Ttlv act) {
        if (exp instanceof Ttlv.BigInt e && act instanceof Ttlv.BigInt a) {
            return e.value().equals(a.value()); // sign-extension padding may differ
        }
        return exp.equals(act);
    }

    private static boolean occursFrom(List<Ttlv> items, int from, int tag) {
        for (int k = from; k < items.size(); k++) {
            if (items.get(k).tag() == tag) {
                return true;
            }
        }
        return false;
    }

    /** "Path/Tag", with the tag's occurrence index when it can repeat: "BatchItem[0]", "UniqueIdentifier[2]". */
    private static String segment(String path, List<Ttlv> siblings, int index) {
        int tag = siblings.get(index).tag();
        long count = siblings.stream().filter(s -> s.tag() == tag).count();
        String name = TagNames.render(tag);
        if (count == 1 && tag != BATCH_ITEM) {
            return path.isEmpty() ? name : path + "/" + name;
        }
        int occurrence = 0;
        for (int k = 0; k < index; k++) {
            if (siblings.get(k).tag() == tag) {
                occurrence++;
            }
        }
        String s = name + "[" + occurrence + "]";
        return path.isEmpty() ? s : path + "/" + s;
    }

    /** How an unordered child is identified: its tag, plus the Attribute Name inside a 1.x or vendor Attribute. */
    private static String key(Ttlv item) {
        String name = TagNames.render(item.tag());
        if (item instanceof Ttlv.Structure s) {
            Optional<String> attributeName = ValueContext.attributeNameAmong(s.children());
            if (attributeName.isPresent()) {
                return name + "[" + attributeName.get() + "]";
            }
        }
        return name;
    }

    /** A value for a message: enumerations and masks by name, structures by tag, byte strings by hex. */
    private static String brief(Ttlv item, Optional<String> attributeName) {
        if (item instanceof Ttlv.Structure s) {
            return key(s);
        }
        return TEXT.render(item, ValueContext.meaningOf(item.tag(), item.type(), attributeName));
    }
}
