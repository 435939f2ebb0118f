package dev.snpkm.kmip.ttlv;

/**
 * A TTLV message is malformed. The message names the byte offset, the tag (when it was read) and the problem, so a
 * user comparing a storage array's bytes with ours can find the fault.
 */
public final class TtlvException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String message;
    private final long offset;
    private final int tag;

    public TtlvException(long offset, int tag, String problem) {
        super(describe(offset, tag, problem));
        this.message = describe(offset, tag, problem);
        this.offset = offset;
        this.tag = tag;
    }

    /** Never null: names the offset, the tag and the problem. */
    @Override
    public String getMessage() {
        return message;
    }

    private static String describe(long offset, int tag, String problem) {
        String where = "at offset " + offset + (tag >= 0 ? String.format(", tag 0x%06X", tag) : "");
        return "malformed TTLV " + where + ": " + problem;
    }

    /** Byte offset of the item that failed, from the start of the message. */
    public long offset() {
        return offset;
    }

    /** The tag of the failing item, or -1 if the failure came before the tag was read. */
    public int tag() {
        return tag;
    }
}
