package io.github.ltxkit.vfs;

import io.github.ltxkit.fault.RecordedRequest;
import java.util.ArrayList;
import java.util.List;

/** Measures over a request journal, for tests. */
final class Journals {
    private Journals() {
    }

    /** The most requests that were running at the same moment, from their start times and durations. */
    static int peakConcurrency(List<RecordedRequest> requests) {
        List<long[]> events = new ArrayList<>();
        for (var r : requests) {
            long start = r.startedAt().toEpochMilli() * 1_000_000 + r.startedAt().getNano() % 1_000_000;
            events.add(new long[] {start, 1});
            events.add(new long[] {start + r.duration().toNanos(), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int peak = 0;
        for (long[] e : events) {
            now += (int) e[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }
}
