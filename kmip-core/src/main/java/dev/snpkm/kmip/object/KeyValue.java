package dev.snpkm.kmip.object;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.types.Secret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Key Value (KMIP 1.4 §2.1.4): a structure {Key Material, attributes} when in the clear, a Byte String when the Key
 * Block is wrapped (the wrapped encoding of that structure, or of the key material alone with No Encoding).
 */
public sealed interface KeyValue {

    void destroy();

    /** @param attributes attributes carried in the Key Value; null when none */
    record Plain(KeyMaterial material, @Nullable Attributes attributes) implements KeyValue {
        public Plain {
            Objects.requireNonNull(material, "material");
        }

        public static Plain of(KeyMaterial material) {
            return new Plain(material, null);
        }

        @Override
        public void destroy() {
            material.destroy();
        }
    }

    record Wrapped(Secret bytes) implements KeyValue {
        public Wrapped {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public void destroy() {
            bytes.destroy();
        }
    }
}
