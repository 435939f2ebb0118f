package dev.snpkm.sev.verdict;

import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of one verification. Accepted if and only if no check failed; otherwise
 * {@link #failures()} names every failed check (the verifier keeps going after a failure whenever the
 * remaining checks are still meaningful).
 *
 * @param report the decoded report, empty only if the input could not be decoded at all
 * @param product the product line the report was verified against, if it could be determined
 * @param signingKey the key type the report claims (KEY_INFO.SIGNING_KEY), if valid
 * @param vek facts about the VCEK/VLEK certificate used, if one was found and parsed
 */
public record Verdict(
        List<Failure> failures,
        Optional<AttestationReport> report,
        Optional<ProductLine> product,
        Optional<SigningKey> signingKey,
        Optional<VekSummary> vek) {

    public Verdict {
        failures = List.copyOf(failures);
    }

    public boolean accepted() {
        return failures.isEmpty();
    }

    public Set<FailureCode> failureCodes() {
        Set<FailureCode> codes = EnumSet.noneOf(FailureCode.class);
        failures.forEach(f -> codes.add(f.code()));
        return codes;
    }

    public boolean failed(FailureCode code) {
        return failures.stream().anyMatch(f -> f.code() == code);
    }

    /** One line for logs: "accepted" or the codes and messages of every failure. */
    public String summary() {
        if (accepted()) {
            return "accepted";
        }
        StringBuilder sb = new StringBuilder("refused:");
        failures.forEach(f -> sb.append(' ').append(f).append(';'));
        return sb.toString();
    }
}
