package io.github.ltxkit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine and build a benchmark ran on, as the report's first table shows it. Immutable.
 *
 * @param cpu        the CPU model from {@code /proc/cpuinfo}, or the architecture where that file is missing
 * @param cores      processors available to the JVM
 * @param memory     physical memory in bytes
 * @param os         the operating system's name, version and architecture
 * @param jdk        the JDK vendor and full version
 * @param jvmOptions the benchmark JVM's heap, GC and access options
 * @param date       when the run started, in UTC
 * @param commit     {@code git describe} of the measured tree ("-dirty" when it has uncommitted changes)
 * @param load       the 1, 5 and 15-minute load averages when the run started, from {@code /proc/loadavg}; they
 *                   include the build that started the run
 */
record Machine(String cpu, int cores, long memory, String os, String jdk, String jvmOptions, Instant date,
               String commit, String load) {

    /** Describes the machine this JVM runs on and the git tree at {@code root}. */
    static Machine detect(Path root) {
        String arch = System.getProperty("os.arch");
        String cpu = keyValue(Path.of("/proc/cpuinfo"), "model name", ':').orElse(arch);
        String distro = keyValue(Path.of("/etc/os-release"), "PRETTY_NAME", '=').map(v -> v.replace("\"", "") + ", ")
                .orElse("");
        String os = distro + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch;
        String jdk = System.getProperty("java.vendor") + " " + Runtime.version();
        String options = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("--enable")).toList());
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os, jdk,
                options.isEmpty() ? "(defaults)" : options, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                gitDescribe(root), loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return fields.length >= 3 ? fields[0] + ", " + fields[1] + ", " + fields[2] : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> keyValue(Path file, String key, char separator) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int at = line.indexOf(separator);
                if (at > 0 && line.substring(0, at).trim().equals(key)) {
                    return Optional.of(line.substring(at + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the caller falls back
        }
        return Optional.empty();
    }

    private static String gitDescribe(Path root) {
        try {
            Process p = new ProcessBuilder(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty",
                    "--abbrev=12")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
