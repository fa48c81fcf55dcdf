package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.DatabaseChecksum;
import io.github.ltxkit.ltx.Ltx;
import java.io.IOException;

/**
 * Computes the LTX checksum of an engine's newest committed state, page by page in page order, so it reads ahead as
 * a scan does (unless read-ahead is off). Stateless.
 */
final class ContentChecksum {
    private ContentChecksum() {
    }

    /** Pins the newest state, XORs the checksum of every page but the lock page, and lets the state go. */
    static long of(DatabaseEngine engine) throws IOException {
        engine.checkAlive();
        DatabaseState state = engine.pin();
        try {
            int pageSize = state.pageSize();
            DatabaseChecksum sum = new DatabaseChecksum();
            if (pageSize == 0) {
                return sum.value();
            }
            long lock = Ltx.lockPgno(Math.max(pageSize, Ltx.MIN_PAGE_SIZE));
            byte[] page = new byte[pageSize];
            ReadPattern pattern = ReadPattern.of(engine.config);
            for (long pgno = 1; pgno <= state.commit(); pgno++) {
                if (pgno == lock) {
                    continue;
                }
                engine.readPage(state, pgno, page, pattern.onRead(pgno));
                sum.add(DatabaseChecksum.pageChecksum(pgno, page));
            }
            return sum.value();
        } finally {
            engine.unpin(state);
        }
    }
}
