package io.github.ltxkit.replica;

import io.github.ltxkit.ltx.Ltx;

/**
 * A replica's LTX files leave a gap: the history reaches TXID {@link #haveUpTo()}, but the next file starts at
 * {@link #nextStartsAt()}, beyond {@code haveUpTo() + 1}, so no restore can get past the gap.
 */
public class NonContiguousHistoryException extends ReplicaException {
    private static final long serialVersionUID = 1L;

    private final long haveUpTo;
    private final long nextStartsAt;

    /**
     * Creates an exception.
     *
     * @param replica      where the replica is, for the message
     * @param haveUpTo     the last TXID the contiguous history reaches (0 if it has not started)
     * @param nextStartsAt the min TXID of the first file beyond the gap
     */
    public NonContiguousHistoryException(String replica, long haveUpTo, long nextStartsAt) {
        super(ReplicaOperation.LIST, replica, "non-contiguous ltx files: have up to " + Ltx.formatTxid(haveUpTo)
                + " but the next file starts at " + Ltx.formatTxid(nextStartsAt), null);
        this.haveUpTo = haveUpTo;
        this.nextStartsAt = nextStartsAt;
    }

    /** Returns the last TXID the contiguous history reaches (0 if it has not started). */
    public long haveUpTo() {
        return haveUpTo;
    }

    /** Returns the min TXID of the first file beyond the gap. */
    public long nextStartsAt() {
        return nextStartsAt;
    }
}
