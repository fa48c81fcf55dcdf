package io.github.ltxkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How busy the machine was during a run apart from the benchmark itself: the CPU time that every process used
 * ({@code /proc/stat}) minus the time this JVM used, as a share of all cores over the wall-clock time. Immutable: a
 * reading taken at the start, compared with a reading at the end.
 *
 * @param wallNanos   {@link System#nanoTime()} at the reading
 * @param busyJiffies CPU time all processes used since boot, in clock ticks (user, nice, system, irq, softirq)
 * @param stealJiffies CPU time the hypervisor gave to other machines, in clock ticks
 * @param ownNanos    CPU time this JVM used, in nanoseconds
 */
record CpuUse(long wallNanos, long busyJiffies, long stealJiffies, long ownNanos) {
    /** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 a second on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /** Takes a reading now, or returns empty where {@code /proc/stat} is missing (not Linux). */
    static Optional<CpuUse> now() {
        try {
            String[] f = Files.readString(Path.of("/proc/stat"), StandardCharsets.US_ASCII).lines().findFirst()
                    .orElse("").trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                return Optional.empty();
            }
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return Optional.of(new CpuUse(System.nanoTime(), busy, Long.parseLong(f[8]), own));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Describes what other processes (and other virtual machines) used between this reading and {@code end}. */
    String othersUntil(CpuUse end, int cores) {
        double capacity = (end.wallNanos - wallNanos) / 1e9 * cores;
        double busy = (end.busyJiffies - busyJiffies) / TICKS_PER_SECOND;
        double own = (end.ownNanos - ownNanos) / 1e9;
        double steal = (end.stealJiffies - stealJiffies) / TICKS_PER_SECOND;
        if (capacity <= 0) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.0f%% of the %d cores' time used by other processes, %.0f%% stolen by "
                + "the hypervisor", 100 * Math.max(0, busy - own) / capacity, cores, 100 * steal / capacity);
    }
}
