package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;

/**
 * Result Reasons that differ between 1.x and 2.x: 2.0 added specific reasons (Object Destroyed, Wrong Key Lifecycle
 * State, Invalid Object Type...) and reserved Illegal Operation (0x0B); a 1.x client gets the closest 1.x reason
 * (KMIP 2.1 §11.46 Result Reason values; KMIP 1.4 Table 338 Get errors).
 */
public final class ResultReasons {
    private ResultReasons() {}

    public static KmipOperationException fail(ResultReason reason, String message) {
        return new KmipOperationException(reason, message);
    }

    /**
     * The request ran into one of the server's own limits (2.x Server Limit Exceeded; 1.x, which has no such reason,
     * General Failure): the message says which, and that a retry later or a smaller request will do.
     */
    public static KmipOperationException serverLimitExceeded(KmipVersion v, String message) {
        return fail(v.isTwoOrLater() ? ResultReason.SERVER_LIMIT_EXCEEDED : ResultReason.GENERAL_FAILURE, message);
    }

    /** The object is in a state that forbids the operation (2.x Wrong Key Lifecycle State, 1.x Permission Denied). */
    public static KmipOperationException wrongState(KmipVersion v, String message) {
        return fail(
                v.isTwoOrLater() ? ResultReason.WRONG_KEY_LIFECYCLE_STATE : ResultReason.PERMISSION_DENIED, message);
    }

    /** The object's material was destroyed (2.x Object Destroyed; 1.2-1.4 Key Value Not Present; 1.0/1.1 Item Not Found). */
    public static KmipOperationException destroyed(KmipVersion v, String message) {
        if (v.isTwoOrLater()) {
            return fail(ResultReason.OBJECT_DESTROYED, message);
        }
        return fail(
                v.isAtLeast(KmipVersion.V1_2) ? ResultReason.KEY_VALUE_NOT_PRESENT : ResultReason.ITEM_NOT_FOUND,
                message);
    }

    /**
     * The object's Cryptographic Usage Mask lacks the bit the use needs (2.x Incompatible Cryptographic Usage Mask; 1.x,
     * which has no such reason, Permission Denied: 1.4's Get table for a key "not usable for wrapping").
     */
    public static KmipOperationException incompatibleUsageMask(KmipVersion v, String message) {
        return fail(
                v.isTwoOrLater() ? ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK : ResultReason.PERMISSION_DENIED,
                message);
    }

    /** The object is of the wrong type for the operation (2.x Invalid Object Type, 1.x Illegal Operation). */
    public static KmipOperationException wrongObjectType(KmipVersion v, String message) {
        return fail(v.isTwoOrLater() ? ResultReason.INVALID_OBJECT_TYPE : ResultReason.ILLEGAL_OPERATION, message);
    }

    /** An attribute the client may not change (2.x Attribute Read Only, 1.x Permission Denied). */
    public static KmipOperationException readOnlyAttribute(KmipVersion v, String name) {
        return fail(
                v.isTwoOrLater() ? ResultReason.ATTRIBUTE_READ_ONLY : ResultReason.PERMISSION_DENIED,
                "attribute '" + name + "' is set by the server and cannot be changed by a client");
    }

    /** No object has the Unique Identifier (2.x Object Not Found, 2.1 §11.46; 1.x Item Not Found). */
    public static KmipOperationException objectNotFound(KmipVersion v, String message) {
        return fail(v.isTwoOrLater() ? ResultReason.OBJECT_NOT_FOUND : ResultReason.ITEM_NOT_FOUND, message);
    }

    /** The named attribute (instance) is absent (2.x Attribute Not Found, 1.x Item Not Found). */
    public static KmipOperationException attributeNotFound(KmipVersion v, String message) {
        return fail(v.isTwoOrLater() ? ResultReason.ATTRIBUTE_NOT_FOUND : ResultReason.ITEM_NOT_FOUND, message);
    }

    /** The wrapping key named in a Key Wrapping Specification does not exist (2.x Wrapping Object Not Found). */
    public static KmipOperationException wrappingKeyNotFound(KmipVersion v, String uid) {
        return fail(
                v.isTwoOrLater() ? ResultReason.WRAPPING_OBJECT_NOT_FOUND : ResultReason.ITEM_NOT_FOUND,
                "wrapping key " + uid + " not found");
    }
}
