package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;

/** A poll cut short by its VFS closing is not reported as a failed poll; real failures still are. */
class PollInterruptionTest {
    @Test
    void aPollFailureCausedByAnInterruptIsRecognisedThroughTheCauseChain() {
        Throwable sdk = new TransientReplicaException(ReplicaOperation.LIST, "db/0000/", "I/O error",
                new IOException("wrapped", new InterruptedException("sdk interrupted")));

        assertThat(Follower.interruption(sdk)).isTrue();
        assertThat(Follower.interruption(new InterruptedIOException("read interrupted"))).isTrue();
    }

    @Test
    void anyOtherPollFailureIsStillReported() {
        Throwable denied = new TransientReplicaException(ReplicaOperation.LIST, "db/0000/", "503 SlowDown",
                new IOException("connection reset"));

        assertThat(Follower.interruption(denied)).isFalse();
        assertThat(Follower.interruption(new IllegalStateException("bug"))).isFalse();
    }
}
