package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Random Number Generator attribute (KMIP 1.4 §3.44, 2.1 §4.48): RNG Parameters describing the generator the
 * server really used for an object's material, read from the JDK's SecureRandom. A DRBG (NIST SP 800-90A) reports
 * itself as "Hash_DRBG,SHA-256,256,reseed_only": that becomes {RNG Algorithm DRBG, Hashing Algorithm SHA-256, DRBG
 * Algorithm Hash, Cryptographic Length 256 (its security strength)}. Any other generator is RNG Algorithm
 * Unspecified: the attribute never claims more than is known (the OASIS cases show the reference server's ANSI
 * X9.31 generator, which this server does not have).
 */
public final class RandomNumberGenerator {
    static final String NAME = "Random Number Generator";
    private static final KmipRegistry R = KmipRegistry.get();

    /** JDK DRBG mechanism name → KMIP DRBG Algorithm (2.1 §11.7). */
    private static final Map<String, String> DRBG_MECHANISMS =
            Map.of("Hash_DRBG", "Hash", "HMAC_DRBG", "HMAC", "CTR_DRBG", "CTR");
    /** JDK digest name → KMIP Hashing Algorithm. */
    private static final Map<String, String> HASHES =
            Map.of("SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512", "SHA-512/256", "SHA-512/256");

    private RandomNumberGenerator() {}

    public static Attribute of(SecureRandom random) {
        return Attribute.of(NAME, Ttlv.structure(Tag.ATTRIBUTE_VALUE, fields(random)));
    }

    /** The same description as an RNG Parameters structure, as Query RNGs reports it (1.4 §4.25, 2.1 §6.1.37). */
    public static Ttlv parameters(SecureRandom random) {
        return Ttlv.structure(R.tagValue("RNG Parameters"), fields(random));
    }

    private static List<Ttlv> fields(SecureRandom random) {
        List<Ttlv> fields = new ArrayList<>();
        String[] drbg = random.getAlgorithm().equals("DRBG") ? random.toString().split(",") : new String[0];
        if (drbg.length >= 3 && DRBG_MECHANISMS.containsKey(drbg[0])) {
            // RNG Parameters field order (2.1 §2.1.22): RNG Algorithm, Cryptographic Length, Hashing Algorithm, DRBG
            // Algorithm.
            fields.add(enumeration("RNG Algorithm", "DRBG"));
            fields.add(Ttlv.integer(R.tagValue("Cryptographic Length"), Integer.parseInt(drbg[2].strip())));
            String hash = HASHES.get(drbg[1]);
            if (hash != null) {
                fields.add(enumeration("Hashing Algorithm", hash));
            }
            fields.add(enumeration("DRBG Algorithm", DRBG_MECHANISMS.get(drbg[0])));
        } else {
            fields.add(enumeration("RNG Algorithm", "Unspecified"));
        }
        return fields;
    }

    private static Ttlv enumeration(String field, String value) {
        return Ttlv.enumeration(
                R.tagValue(field),
                R.valueByName(field, value, null)
                        .orElseThrow(
                                () -> new IllegalStateException("no " + field + " value " + value + " in the registry"))
                        .value());
    }
}
