package dev.snpkm.kmip.types;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import java.util.Objects;

/**
 * A Unique Identifier as a request may carry it (KMIP 2.1 §4.58, §11.58): the object's text identifier, a reference
 * to the UID an earlier operation of this batch returned (Enumeration: ID Placeholder, Create, Register...), or an
 * Integer index into the UIDs returned so far (negative counts back from the current batch item). KMIP 1.x only has
 * the text form. A request that omits the field uses the batch's ID Placeholder (KMIP 1.4 §4 intro).
 */
public sealed interface UniqueIdentifier {

    static Text of(String value) {
        return new Text(value);
    }

    static Reference placeholder() {
        return new Reference(EnumCode.of(UniqueIdentifierReference.ID_PLACEHOLDER));
    }

    /** The object's identifier as text. */
    record Text(String value) implements UniqueIdentifier {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** KMIP 2.x: the UID returned by the most recent operation of this kind in the batch. */
    record Reference(EnumCode<UniqueIdentifierReference> reference) implements UniqueIdentifier {
        public Reference {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** KMIP 2.x: the n-th UID returned in this batch (zero-based; negative counts back). */
    record Index(int index) implements UniqueIdentifier {}
}
