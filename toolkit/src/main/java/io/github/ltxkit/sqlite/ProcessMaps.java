package io.github.ltxkit.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The address ranges a shared library occupies in this process, read from {@code /proc/self/maps}, so pointers
 * can be checked before they are dereferenced. Immutable.
 */
final class ProcessMaps {
    private final List<long[]> ranges;
    private final String library;

    private ProcessMaps(List<long[]> ranges, String library) {
        this.ranges = ranges;
        this.library = library;
    }

    /** Returns the mappings of the first library whose path contains {@code fragment}, or empty if unknown. */
    static ProcessMaps of(String fragment) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return new ProcessMaps(List.of(), null);
        }
        List<long[]> ranges = new ArrayList<>();
        String library = null;
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0 || !line.contains(fragment)) {
                    continue;
                }
                String path = line.substring(slash).trim();
                if (library == null) {
                    library = path;
                } else if (!library.equals(path)) {
                    continue;
                }
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                ranges.add(new long[] {Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)});
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessMaps(List.of(), null);
        }
        return new ProcessMaps(List.copyOf(ranges), library);
    }

    /** Returns whether the mappings are known (Linux). */
    boolean known() {
        return !ranges.isEmpty();
    }

    /** Returns the library's path, or {@code null} if unknown. */
    String library() {
        return library;
    }

    /** Returns whether {@code address} lies in the library's mappings; {@code true} when they are unknown. */
    boolean contains(long address, long length) {
        if (ranges.isEmpty()) {
            return true;
        }
        for (long[] r : ranges) {
            if (Long.compareUnsigned(address, r[0]) >= 0 && Long.compareUnsigned(address + length, r[1]) <= 0) {
                return true;
            }
        }
        return false;
    }
}
