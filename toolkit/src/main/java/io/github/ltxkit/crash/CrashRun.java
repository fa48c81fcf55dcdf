package io.github.ltxkit.crash;

import java.time.Duration;

/**
 * What happened in one child process before it was killed.
 *
 * @param acknowledgedCommits transactions the child reported committed before it died; one more may have
 *                            committed without being reported ("maybe committed")
 * @param lastSyncedTxid      the TXID of the last upload the child reported, 0 if none
 * @param killedBecause       why the harness killed it (or how it ended)
 * @param exitCode            the child's exit code (137 after SIGKILL on Linux)
 * @param ran                 how long the child ran
 * @param childOutput         the child's output, for failure messages
 */
public record CrashRun(long acknowledgedCommits, long lastSyncedTxid, String killedBecause, int exitCode,
                       Duration ran, String childOutput) {
}
