package dev.snpkm.kmip.object;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Secret;
import java.util.Objects;

/**
 * Key Material (KMIP 1.4 §2.1.4): raw bytes (Raw, PKCS#1, PKCS#8, X.509... formats) or a transparent structure
 * (Transparent Symmetric/RSA/EC... formats). Never printed.
 */
public sealed interface KeyMaterial {

    /** Zeroes what can be zeroed (the raw bytes; a transparent structure is an immutable tree and is only dropped). */
    void destroy();

    record Raw(Secret bytes) implements KeyMaterial {
        public Raw {
            Objects.requireNonNull(bytes, "bytes");
        }

        public static Raw of(byte[] bytes) {
            return new Raw(Secret.of(bytes));
        }

        @Override
        public void destroy() {
            bytes.destroy();
        }
    }

    record Transparent(Ttlv.Structure structure) implements KeyMaterial {
        public Transparent {
            Objects.requireNonNull(structure, "structure");
        }

        @Override
        public void destroy() {
            // Not wiped here: a message tree still to be encoded may share these Byte Strings (KeyBlock.toTtlv).
            // Whoever owns the whole tree wipes it once it is done with it (Ttlv.wipe).
        }

        @Override
        public String toString() {
            return "Transparent[" + structure.children().size() + " fields]";
        }
    }
}
