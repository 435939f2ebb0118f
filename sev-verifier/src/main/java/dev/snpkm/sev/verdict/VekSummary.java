package dev.snpkm.sev.verdict;

import dev.snpkm.sev.report.SigningKey;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a verdict reports about the VCEK/VLEK certificate (for logs and the CLI; no key material). */
public record VekSummary(
        SigningKey kind,
        String subject,
        String issuer,
        String productName,
        Instant notBefore,
        Instant notAfter,
        String sha256,
        Optional<String> hwId,
        Optional<String> cspId,
        @Nullable String source) {}
