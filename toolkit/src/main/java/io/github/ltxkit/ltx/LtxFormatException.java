package io.github.ltxkit.ltx;

import java.io.IOException;
import java.util.Objects;

/**
 * An LTX file's bytes break the format: the only exception the codec throws for bad input.
 *
 * <p>The message names the file (when known), the byte offset where the problem was found and the field, for
 * example {@code 0000000000000002-0000000000000002.ltx: offset 110: page 4: decompressed to 100 bytes, want 4096}.
 * The same facts are available as {@link #source()}, {@link #offset()}, {@link #field()} and {@link #reason()}.
 */
public final class LtxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The offset reported when the position of a problem is not known. */
    public static final long UNKNOWN_OFFSET = -1;

    private final String source;
    private final long offset;
    private final String field;
    private final String reason;

    /**
     * Creates an exception.
     *
     * @param source the file name or object key, or {@code null} when unknown
     * @param offset the byte offset of the problem in the file, or {@link #UNKNOWN_OFFSET}
     * @param field  the field that is wrong, such as {@code "page size"} or {@code "page 7"}
     * @param reason what is wrong with it, in lower case
     */
    public LtxFormatException(String source, long offset, String field, String reason) {
        this(source, offset, field, reason, null);
    }

    /** Creates an exception with an underlying cause (for example the LZ4 library's error). */
    public LtxFormatException(String source, long offset, String field, String reason, Throwable cause) {
        super(format(source, offset, field, reason), cause);
        this.source = source;
        this.offset = offset;
        this.field = Objects.requireNonNull(field, "field");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String format(String source, long offset, String field, String reason) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(": ");
        }
        if (offset >= 0) {
            sb.append("offset ").append(offset).append(": ");
        }
        return sb.append(field).append(": ").append(reason).toString();
    }

    /** Returns a copy that names {@code newSource} as the file, keeping everything else. */
    public LtxFormatException withSource(String newSource) {
        if (Objects.equals(newSource, source)) {
            return this;
        }
        LtxFormatException copy = new LtxFormatException(newSource, offset, field, reason, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** Returns the file name or object key, or {@code null} when it was not known. */
    public String source() {
        return source;
    }

    /** Returns the byte offset of the problem, or {@link #UNKNOWN_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** Returns the field that is wrong, such as {@code "file checksum"}. */
    public String field() {
        return field;
    }

    /** Returns what is wrong, without the file, offset and field. */
    public String reason() {
        return reason;
    }
}
