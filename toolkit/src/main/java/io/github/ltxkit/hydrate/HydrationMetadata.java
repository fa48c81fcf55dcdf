package io.github.ltxkit.hydrate;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a hydrated copy holds, stored beside it in {@code <path>.meta}.
 *
 * @param replica     the replica the copy came from (its URL, without credentials)
 * @param pageSize    the page size
 * @param complete    whether the copy is a whole database at {@code txid}; an incomplete copy is only a cache
 *                    of the files in {@code filesDone}
 * @param txid        the replica TXID a complete copy holds
 * @param commit      the database size in pages of a complete copy
 * @param newestFile  the identity of the newest LTX file applied to a complete copy (level/range/size/time), to
 *                    tell a replica that was replaced under the same URL
 * @param filesDone   identities of the files whose pages an incomplete copy holds
 */
public record HydrationMetadata(String replica, int pageSize, boolean complete, long txid, long commit,
                                String newestFile, Set<String> filesDone) {
    /** Copies the set. */
    public HydrationMetadata {
        filesDone = Set.copyOf(filesDone);
    }

    String format() {
        Properties p = new Properties();
        p.setProperty("replica", replica);
        p.setProperty("pageSize", Integer.toString(pageSize));
        p.setProperty("complete", Boolean.toString(complete));
        p.setProperty("txid", Long.toString(txid));
        p.setProperty("commit", Long.toString(commit));
        p.setProperty("newestFile", newestFile == null ? "" : newestFile);
        p.setProperty("filesDone", String.join(",", filesDone));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "ltxkit hydration metadata");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    static HydrationMetadata parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            String done = p.getProperty("filesDone", "");
            return new HydrationMetadata(require(p, "replica"), Integer.parseInt(require(p, "pageSize")),
                    Boolean.parseBoolean(require(p, "complete")), Long.parseLong(require(p, "txid")),
                    Long.parseLong(require(p, "commit")), p.getProperty("newestFile", ""),
                    done.isEmpty() ? Set.of() : Arrays.stream(done.split(",")).collect(Collectors.toCollection(
                            LinkedHashSet::new)));
        } catch (NumberFormatException e) {
            throw new IOException("malformed hydration metadata: " + e.getMessage(), e);
        }
    }

    private static String require(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("hydration metadata lacks '" + key + "'");
        }
        return v;
    }
}
