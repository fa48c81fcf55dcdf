package io.github.ltxkit.sqlite;

/** SQLite's file lock levels, in order. */
public enum LockLevel {
    /** No lock. */
    NONE,
    /** A reader's lock: any number may hold it. */
    SHARED,
    /** A writer intends to write: one holder, readers may continue. */
    RESERVED,
    /** A writer waits for readers to leave. */
    PENDING,
    /** A writer writes. */
    EXCLUSIVE;

    static LockLevel of(int level) {
        LockLevel[] all = values();
        if (level < 0 || level >= all.length) {
            throw new IllegalArgumentException("invalid SQLite lock level: " + level);
        }
        return all[level];
    }
}
