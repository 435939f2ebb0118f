package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeBounds;

/**
 * What Re-key and Re-key Key Pair do to the key they replace: its Names move to the replacement, and it gets a
 * Replacement Object Link to it. One key may be re-keyed again and again, each time one link more, so the link is held
 * to the {@link AttributeBounds} as Derive Key's Derived Key Link is: checked before anything is written, and again
 * when it is saved.
 */
final class ReplacedKeys {
    private ReplacedKeys() {}

    /**
     * The old key's attributes without its Names, what it keeps; Server Limit Exceeded (General Failure before 2.0),
     * before any write, if its Replacement Object Link would take it past the bounds.
     */
    static Attributes kept(KmipObject old, OperationContext ctx) {
        Attributes kept = old.attributes().without(AttributeNames.NAME);
        AttributeBounds.checkRoomForLinks(old.attributes(), kept, LinkType.REPLACEMENT_OBJECT_LINK, 1, ctx.version());
        return kept;
    }

    /** The old key lets go of its Names before the new one claims them (a name has one holder). */
    static void releaseNames(KmipObject old, Attributes kept, OperationContext ctx) {
        ObjectAccess.saveAttributes(old, kept, ctx);
    }

    /** The old key's Replacement Object Link to {@code replacement}, saved within the bounds. */
    static void linkTo(String replacement, KmipObject old, Attributes kept, OperationContext ctx) {
        ObjectAccess.saveEditedAttributes(
                old,
                kept.with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.REPLACEMENT_OBJECT_LINK, replacement))),
                ctx);
    }
}
