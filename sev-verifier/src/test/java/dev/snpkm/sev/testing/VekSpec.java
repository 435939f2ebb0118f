package dev.snpkm.sev.testing;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a generated VCEK/VLEK certificate should say. Defaults mirror AMD's real certificates (serial 0,
 * SEV-VCEK/SEV-VLEK subject, AMD extensions); the with-methods create the deviations tests need.
 *
 * @param issuerProduct whose ASK/ASVK signs it (normally {@code product}; differ to build a wrong chain)
 */
public record VekSpec(
        SigningKey kind,
        ProductLine product,
        ProductLine issuerProduct,
        String productName,
        HexBytes hwId,
        long tcbRaw,
        String cspId,
        Instant notBefore,
        Instant notAfter,
        Optional<HexBytes> hwIdRawExtension) {

    public static VekSpec vcek(ProductLine p, HexBytes chipId, long tcbRaw) {
        return new VekSpec(
                SigningKey.VCEK,
                p,
                p,
                defaultProductName(p),
                chipId.slice(0, p.hwIdLength()),
                tcbRaw,
                null,
                Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2031-01-01T00:00:00Z"),
                Optional.empty());
    }

    public static VekSpec vlek(ProductLine p, long tcbRaw, String cspId) {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        return new VekSpec(
                SigningKey.VLEK,
                p,
                p,
                p.kdsName(),
                null,
                tcbRaw,
                cspId,
                start,
                start.plus(365, ChronoUnit.DAYS),
                Optional.empty());
    }

    /** Like AMD: "Milan-B0" for Milan, "Genoa" and "Turin" without stepping, as KDS issues them. */
    public static String defaultProductName(ProductLine p) {
        return p == ProductLine.MILAN ? "Milan-B0" : p.kdsName();
    }

    public VekSpec withIssuerProduct(ProductLine issuer) {
        return new VekSpec(
                kind, product, issuer, productName, hwId, tcbRaw, cspId, notBefore, notAfter, hwIdRawExtension);
    }

    public VekSpec withValidity(Instant from, Instant to) {
        return new VekSpec(kind, product, issuerProduct, productName, hwId, tcbRaw, cspId, from, to, hwIdRawExtension);
    }

    public VekSpec withProductName(String name) {
        return new VekSpec(
                kind, product, issuerProduct, name, hwId, tcbRaw, cspId, notBefore, notAfter, hwIdRawExtension);
    }

    public VekSpec withTcb(long raw) {
        return new VekSpec(
                kind, product, issuerProduct, productName, hwId, raw, cspId, notBefore, notAfter, hwIdRawExtension);
    }

    /** Puts exactly these bytes into the hwID extnValue (e.g. a DER OCTET STRING wrapper, like Trustee's X02 test cert). */
    public VekSpec withHwIdExtensionBytes(HexBytes raw) {
        return new VekSpec(
                kind, product, issuerProduct, productName, hwId, tcbRaw, cspId, notBefore, notAfter, Optional.of(raw));
    }
}
