package dev.snpkm.sev.measure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * QEMU's EPYC CPU models (target/i386/cpu.c, builtin_x86_defs) and the CPUID signature each puts in the initial
 * RDX, which the VMSA and so the launch digest include. Signature encoding: AMD CPUID Specification (#25481),
 * CPUID Fn0000_0001_EAX: stepping [3:0], base model [7:4], base family [11:8], extended model [19:16], extended
 * family [27:20]; a family above 0xF is 0xF plus the extended family.
 */
public final class VcpuType {
    private static final Map<String, Integer> SIGNATURES = new LinkedHashMap<>();

    static {
        for (String name : new String[] {"EPYC", "EPYC-v1", "EPYC-v2", "EPYC-IBPB", "EPYC-v3", "EPYC-v4"}) {
            SIGNATURES.put(name, signature(23, 1, 2));
        }
        for (String name : new String[] {"EPYC-Rome", "EPYC-Rome-v1", "EPYC-Rome-v2", "EPYC-Rome-v3"}) {
            SIGNATURES.put(name, signature(23, 49, 0));
        }
        for (String name : new String[] {"EPYC-Milan", "EPYC-Milan-v1", "EPYC-Milan-v2"}) {
            SIGNATURES.put(name, signature(25, 1, 1));
        }
        SIGNATURES.put("EPYC-Genoa", signature(25, 17, 0));
        SIGNATURES.put("EPYC-Genoa-v1", signature(25, 17, 0));
        SIGNATURES.put("EPYC-Turin", signature(26, 0, 0));
    }

    private VcpuType() {}

    /** The signature of a QEMU CPU model name, case-insensitively. */
    public static int signature(String model) {
        for (Map.Entry<String, Integer> e : SIGNATURES.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(model.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("unknown vCPU type '" + model + "' (known: " + SIGNATURES.keySet()
                + "); or give --vcpu-family/--vcpu-model/--vcpu-stepping");
    }

    public static int signature(int family, int model, int stepping) {
        if (family < 0 || family > 0xFF + 0xF || model < 0 || model > 0xFF || stepping < 0 || stepping > 0xF) {
            throw new IllegalArgumentException("family 0-270, model 0-255, stepping 0-15");
        }
        int familyLow = Math.min(family, 0xF);
        int familyHigh = family > 0xF ? family - 0xF : 0;
        return familyHigh << 20 | (model >> 4 & 0xF) << 16 | familyLow << 8 | (model & 0xF) << 4 | stepping;
    }
}
