package io.github.ltxkit.vfs;

/** A moment of an upload at which a test can make the database crash, as if its process were killed there. */
public enum CrashPoint {
    /** After the upload was prepared, before anything is sent. */
    BEFORE_UPLOAD,
    /** Halfway through sending the file: the request is cut off, so no object may appear. */
    DURING_UPLOAD,
    /** After the replica stored the file, before the writer recorded that (the ambiguous case). */
    AFTER_UPLOAD_BEFORE_ACK,
    /** After the writer recorded the upload in its buffer, before it let go of the uploaded data. */
    AFTER_ACK_BEFORE_TRIM
}
