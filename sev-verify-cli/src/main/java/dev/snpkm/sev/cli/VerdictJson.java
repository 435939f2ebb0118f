package dev.snpkm.sev.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.GuestPolicy;
import dev.snpkm.sev.report.PlatformInfo;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.TcbVersion;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.VekSummary;
import dev.snpkm.sev.verdict.Verdict;
import java.util.Optional;

/** Renders a {@link Verdict} with every parsed report field as JSON (the CLI's output format). */
public final class VerdictJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictJson() {}

    public static String render(Verdict v) {
        ObjectNode root = JSON.createObjectNode();
        root.put("verdict", v.accepted() ? "accepted" : "refused");
        ArrayNode failures = root.putArray("failures");
        for (Failure f : v.failures()) {
            failures.addObject().put("code", f.code().name()).put("message", f.message());
        }
        root.put("product", v.product().map(ProductLine::lowerName).orElse(null));
        root.put("signingKey", v.signingKey().map(Enum::name).orElse(null));
        v.report().ifPresent(r -> root.set("report", report(r, v.product())));
        v.vek().ifPresent(s -> root.set("vek", vek(s)));
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render verdict", e);
        }
    }

    private static ObjectNode report(AttestationReport r, Optional<ProductLine> product) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", r.version());
        n.put("guestSvn", r.guestSvn());
        n.set("policy", policy(r.policy()));
        n.put("familyId", r.familyId().hex());
        n.put("imageId", r.imageId().hex());
        n.put("vmpl", r.vmpl());
        n.put("signatureAlgorithm", r.signatureAlgorithm());
        n.set("currentTcb", tcb(r.currentTcb(), product));
        n.set("platformInfo", platformInfo(r.platformInfo()));
        ObjectNode keyInfo = n.putObject("keyInfo");
        keyInfo.put("raw", hex(r.keyInfo().raw()));
        keyInfo.put("authorKeyEnabled", r.keyInfo().authorKeyEnabled());
        keyInfo.put("maskChipKey", r.keyInfo().maskChipKey());
        keyInfo.put(
                "signingKey",
                r.keyInfo()
                        .signingKey()
                        .map(Enum::name)
                        .orElse("reserved(" + r.keyInfo().signingKeyField() + ")"));
        n.put("reportData", r.reportData().hex());
        n.put("measurement", r.measurement().hex());
        n.put("hostData", r.hostData().hex());
        n.put("idKeyDigest", r.idKeyDigest().hex());
        n.put("authorKeyDigest", r.authorKeyDigest().hex());
        n.put("reportId", r.reportId().hex());
        n.put("reportIdMa", r.reportIdMa().hex());
        n.set("reportedTcb", tcb(r.reportedTcb(), product));
        if (r.hasCpuid()) {
            n.put("cpuidFamily", hex(r.cpuidFamily()));
            n.put("cpuidModel", hex(r.cpuidModel()));
            n.put("cpuidStepping", r.cpuidStepping());
        }
        n.put("chipId", r.chipId().hex());
        n.set("committedTcb", tcb(r.committedTcb(), product));
        n.put("currentVersion", r.currentMajor() + "." + r.currentMinor() + "." + r.currentBuild());
        n.put("committedVersion", r.committedMajor() + "." + r.committedMinor() + "." + r.committedBuild());
        n.set("launchTcb", tcb(r.launchTcb(), product));
        if (r.hasMitigationVectors()) {
            n.put("launchMitVector", "0x" + Long.toHexString(r.launchMitVector()));
            n.put("currentMitVector", "0x" + Long.toHexString(r.currentMitVector()));
        }
        n.put("signatureR", r.signatureR().hex());
        n.put("signatureS", r.signatureS().hex());
        return n;
    }

    private static ObjectNode policy(GuestPolicy p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("raw", "0x" + Long.toHexString(p.raw()));
        n.put("abi", p.abiMajor() + "." + p.abiMinor());
        n.put("smt", p.smtAllowed());
        n.put("migrateMa", p.migrateMaAllowed());
        n.put("debug", p.debugAllowed());
        n.put("singleSocket", p.singleSocketRequired());
        n.put("cxlAllow", p.cxlAllowed());
        n.put("memAes256Xts", p.memAes256XtsRequired());
        n.put("raplDis", p.raplDisRequired());
        n.put("ciphertextHiding", p.ciphertextHidingRequired());
        n.put("pageSwapDisable", p.pageSwapDisabled());
        return n;
    }

    private static ObjectNode platformInfo(PlatformInfo p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("raw", "0x" + Long.toHexString(p.raw()));
        n.put("smtEnabled", p.smtEnabled());
        n.put("tsmeEnabled", p.tsmeEnabled());
        n.put("eccEnabled", p.eccEnabled());
        n.put("raplDisabled", p.raplDisabled());
        n.put("ciphertextHidingEnabled", p.ciphertextHidingEnabled());
        n.put("aliasCheckComplete", p.aliasCheckComplete());
        n.put("bit6", p.bit6());
        n.put("tioEnabled", p.tioEnabled());
        return n;
    }

    private static ObjectNode tcb(long raw, Optional<ProductLine> product) {
        ObjectNode n = JSON.createObjectNode();
        n.put("raw", String.format("0x%016x", raw));
        product.ifPresent(p -> {
            TcbVersion t = TcbVersion.decode(raw, p);
            if (p.turinTcbLayout()) {
                n.put("fmc", t.fmc());
            }
            n.put("bootloader", t.bootLoader())
                    .put("tee", t.tee())
                    .put("snp", t.snp())
                    .put("microcode", t.microcode());
        });
        return n;
    }

    private static ObjectNode vek(VekSummary s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", s.kind().name());
        n.put("source", s.source());
        n.put("subject", s.subject());
        n.put("issuer", s.issuer());
        n.put("productName", s.productName());
        n.put("notBefore", s.notBefore().toString());
        n.put("notAfter", s.notAfter().toString());
        n.put("sha256", s.sha256());
        s.hwId().ifPresent(h -> n.put("hwId", h));
        s.cspId().ifPresent(c -> n.put("cspId", c));
        return n;
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
