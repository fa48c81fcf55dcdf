package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.UploadContent;
import java.util.Random;

/** Keys and contents for fault tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** Returns the level-0 key of a single transaction. */
    static LtxFileKey l0(long txid) {
        return LtxFileKey.of(0, txid, txid);
    }

    /** Returns {@code length} pseudo-random bytes, the same for the same {@code seed}. */
    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static UploadContent content(int length, long seed) {
        return UploadContent.of(bytes(length, seed));
    }

    /** Returns the path rule patterns match for {@code key}, e.g. {@code 0/0000000000000001-0000000000000001.ltx}. */
    static String path(LtxFileKey key) {
        return key.level() + "/" + key.fileName();
    }
}
