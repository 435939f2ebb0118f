package dev.snpkm.server.conformance;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.TagNames;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.xml.KmipXmlTestCase;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one OASIS test case against a live server: sends each Request Message (with the identifiers the server
 * returned earlier in the case substituted for {@code $UNIQUE_IDENTIFIER_n}) and compares each response with the
 * expected one through {@link ResponseComparator}. Stops at the first step that differs, since later steps build on it.
 */
final class ConformanceRunner {
    private static final int BATCH_ITEM = KmipRegistry.get().tagValue("Batch Item");
    private static final int OPERATION = KmipRegistry.get().tagValue("Operation");
    private static final int MAX_DIFFS_REPORTED = 4;

    private final KmipExchange.Opener opener;

    ConformanceRunner(KmipExchange.Opener opener) {
        this.opener = opener;
    }

    CaseResult run(ConformanceCase testCase) {
        CasePlaceholders placeholders = new CasePlaceholders(Instant.now());
        List<Ttlv> messages;
        try {
            messages = KmipXmlTestCase.load(testCase.file(), placeholders);
        } catch (IOException | KmipTextException e) {
            return CaseResult.fail(testCase, "cannot read the test case: " + e.getMessage());
        }
        if (messages.size() % 2 != 0) {
            return CaseResult.fail(testCase, "test case has a request without its response");
        }
        Set<String> sentByClient = clientBytes(messages, placeholders);
        ResponseComparator comparator = new ResponseComparator(
                placeholders, b -> sentByClient.contains(HexFormat.of().formatHex(b)));
        LearnedIdentifiers learned = new LearnedIdentifiers();
        RandomOutputs randomKeys = new RandomOutputs(placeholders);
        try (KmipExchange exchange = opener.open()) {
            for (int step = 0; step < messages.size() / 2; step++) {
                Ttlv expected = messages.get(2 * step + 1);
                String where = "step " + step + " (" + operationOf(messages.get(2 * step)) + ")";
                Ttlv request;
                try {
                    request = substitute(messages.get(2 * step), placeholders, learned);
                } catch (IllegalStateException e) {
                    return CaseResult.fail(testCase, where + ": " + e.getMessage());
                }
                Ttlv actual;
                try {
                    actual = exchange.roundTrip(request);
                } catch (IOException e) {
                    return CaseResult.fail(testCase, where + ": no response: " + e.getMessage());
                }
                Ttlv sent = messages.get(2 * step);
                List<String> diffs =
                        comparator.compare(expected, actual, learned, randomKeys.randomOutput(sent, expected));
                randomKeys.learn(sent, expected);
                observe(actual, learned);
                if (!diffs.isEmpty()) {
                    return CaseResult.fail(testCase, where + ": " + summarise(diffs));
                }
            }
        } catch (IOException e) {
            return CaseResult.fail(testCase, "cannot connect: " + e.getMessage());
        }
        return CaseResult.pass(testCase);
    }

    /** Replaces identifier placeholders with what the server returned; dates were set to "now" when read. */
    static Ttlv substitute(Ttlv item, CasePlaceholders placeholders, LearnedIdentifiers learned) {
        Optional<String> placeholder = placeholders.placeholderOf(item);
        if (placeholder.isPresent()) {
            if (item instanceof Ttlv.DateTime) {
                return item;
            }
            if (item instanceof Ttlv.ByteString) {
                byte[] value = learned.bytes(placeholder.get())
                        .orElseThrow(() -> new IllegalStateException(
                                "the request needs " + placeholder.get() + ", which no earlier response produced"));
                return Ttlv.bytes(item.tag(), value);
            }
            int n = LearnedIdentifiers.indexOf(placeholder.get())
                    .orElseThrow(() -> new IllegalStateException(
                            "the request needs " + placeholder.get() + ", which the runner cannot supply"));
            String id = learned.get(n)
                    .orElseThrow(() -> new IllegalStateException("the request uses " + placeholder.get()
                            + ", but the server returned only " + learned.size() + " identifiers"));
            if (!(item instanceof Ttlv.TextString)) {
                throw new IllegalStateException(
                        placeholder.get() + " stands for a " + item.type().encodingName() + " in "
                                + TagNames.render(item.tag()) + "; only Text String identifiers are supported");
            }
            return Ttlv.text(item.tag(), id);
        }
        if (item instanceof Ttlv.Structure s) {
            List<Ttlv> children = new ArrayList<>(s.children().size());
            for (Ttlv c : s.children()) {
                children.add(substitute(c, placeholders, learned));
            }
            return Ttlv.structure(s.tag(), children);
        }
        return item;
    }

    /** Remembers every byte value in a response by its tag, for placeholders that name it by tag. */
    private static void observe(Ttlv item, LearnedIdentifiers learned) {
        if (item instanceof Ttlv.Structure s) {
            s.children().forEach(c -> observe(c, learned));
        } else if (item instanceof Ttlv.ByteString b) {
            KmipRegistry.get().tag(b.tag()).ifPresent(t -> learned.observe(t.name(), b.value()));
        }
    }

    /** Every literal byte value in the requests, so that registered key material is compared exactly. */
    private static Set<String> clientBytes(List<Ttlv> messages, CasePlaceholders placeholders) {
        Set<String> out = new HashSet<>();
        for (int k = 0; k < messages.size(); k += 2) {
            collectBytes(messages.get(k), placeholders, out);
        }
        return out;
    }

    private static void collectBytes(Ttlv item, CasePlaceholders placeholders, Set<String> out) {
        if (placeholders.placeholderOf(item).isPresent()) {
            return;
        }
        if (item instanceof Ttlv.Structure s) {
            s.children().forEach(c -> collectBytes(c, placeholders, out));
        } else if (item instanceof Ttlv.ByteString b) {
            out.add(HexFormat.of().formatHex(b.value()));
        } else if (item instanceof Ttlv.BigInt b) {
            out.add(HexFormat.of().formatHex(b.value().toByteArray()));
        }
    }

    private static String operationOf(Ttlv request) {
        return ((Ttlv.Structure) request)
                .childrenWithTag(BATCH_ITEM).stream()
                        .map(item -> ((Ttlv.Structure) item)
                                .child(OPERATION)
                                .map(o -> KmipRegistry.get()
                                        .valueOf("Operation", ((Ttlv.Enumeration) o).value(), null)
                                        .map(v -> v.name())
                                        .orElse("?"))
                                .orElse("?"))
                        .reduce((x, y) -> x + "," + y)
                        .orElse("no batch item");
    }

    private static String summarise(List<String> diffs) {
        String shown = String.join("; ", diffs.subList(0, Math.min(MAX_DIFFS_REPORTED, diffs.size())));
        return diffs.size() > MAX_DIFFS_REPORTED
                ? shown + "; and " + (diffs.size() - MAX_DIFFS_REPORTED) + " more"
                : shown;
    }
}
