package io.github.ltxkit.cli;

/**
 * The exit statuses of {@code ltxkit}, the same for every command. Scripts may rely on them.
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command line is wrong: an unknown option, a missing argument, a malformed URL, TXID or timestamp. */
    public static final int USAGE = 1;
    /** An input is not what it claims to be: a corrupt or invalid LTX file, a file that is not a SQLite database,
     * a failing SQL script, a replica whose history has a gap. */
    public static final int FORMAT = 2;
    /** The replica cannot be used: a missing bucket or directory, wrong credentials, an unreachable endpoint, a
     * failed request. */
    public static final int STORAGE = 3;
    /** The command would overwrite something: the output file exists (use {@code --force}), the replica to seed is
     * not empty, or another writer created the same file first. */
    public static final int CONFLICT = 4;
    /** A local file cannot be read or written: it does not exist, permission is denied, the disk is full. */
    public static final int LOCAL_IO = 5;
    /** The replica holds nothing for the request: no files at all, or none at or before the target. */
    public static final int NOT_FOUND = 6;
    /** A bug in ltxkit: an unexpected exception (please report it). */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
