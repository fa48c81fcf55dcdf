package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileKey;

/**
 * Glob matching over LTX file paths {@code <level>/<min>-<max>.ltx} (decimal level, e.g.
 * {@code 0/0000000000000001-0000000000000001.ltx}): {@code *} matches any run of characters, {@code /} included, and
 * {@code ?} matches one character; everything else matches itself.
 *
 * <p>Stateless; safe for any thread.
 */
final class KeyGlob {
    private KeyGlob() {
    }

    /** Returns the path a pattern is matched against for {@code key}. */
    static String path(LtxFileKey key) {
        return key.level() + "/" + key.fileName();
    }

    /** Returns the directory a pattern is matched against for a listing of {@code level}. */
    static String directory(int level) {
        return (level == Request.ALL_LEVELS ? "*" : Integer.toString(level)) + "/";
    }

    /**
     * Checks that {@code pattern} is a usable glob: not blank, and able to match a file of some level, which
     * catches patterns written for another layout (S3's {@code 0000/…}, a {@code ltx/} prefix).
     */
    static String check(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("key pattern must not be blank: "
                    + (pattern == null ? "null" : "'" + pattern + "'"));
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (Character.isISOControl(pattern.charAt(i))) {
                throw new IllegalArgumentException("key pattern must not contain control characters: '"
                        + pattern.replaceAll("\\p{Cntrl}", "?") + "' at index " + i);
            }
        }
        for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
            if (matchesUnder(pattern, directory(level))) {
                return pattern;
            }
        }
        throw new IllegalArgumentException("key pattern matches no level: '" + pattern + "' (paths are"
                + " <level>/<min>-<max>.ltx with a decimal level, e.g. 0/0000000000000001-0000000000000001.ltx)");
    }

    /** Returns whether the pattern matches every path (it consists of {@code *} only). */
    static boolean matchesEverything(String pattern) {
        return pattern.chars().allMatch(c -> c == '*');
    }

    /** Returns whether {@code pattern} matches the whole of {@code path}. */
    static boolean matches(String pattern, String path) {
        return match(pattern, path, false);
    }

    /** Returns whether {@code pattern} matches some path that starts with {@code prefix}. */
    static boolean matchesUnder(String pattern, String prefix) {
        return match(pattern, prefix, true);
    }

    /**
     * Matches with one backtrack point, the last {@code *} seen. With {@code prefixOnly}, a subject consumed before
     * the pattern ends is a match: whatever pattern is left can match some continuation.
     */
    private static boolean match(String pattern, String subject, boolean prefixOnly) {
        int p = 0;
        int s = 0;
        int star = -1;
        int starSubject = 0;
        while (s < subject.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (c == '*') {
                star = p++;
                starSubject = s;
            } else if (p < pattern.length() && (c == '?' || c == subject.charAt(s))) {
                p++;
                s++;
            } else if (star >= 0) {
                p = star + 1;
                s = ++starSubject;
            } else {
                return false;
            }
        }
        if (prefixOnly) {
            return true;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
