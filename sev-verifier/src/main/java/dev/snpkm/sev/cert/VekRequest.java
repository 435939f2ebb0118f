package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;

/** What identifies the VEK certificate a report needs: a VCEK is unique per (product, chip, REPORTED_TCB). */
public record VekRequest(ProductLine product, SigningKey kind, HexBytes chipId, long reportedTcb) {}
