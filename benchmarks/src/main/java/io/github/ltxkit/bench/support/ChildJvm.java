package io.github.ltxkit.bench.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM (this JVM's {@code java} and class path) and collects what it reports, for
 * figures that need a JVM in which nothing has been loaded yet. Stateless.
 *
 * <p>The child reports figures with {@link #report(String, long)}: one {@code bench-result <key> <value>} line on
 * standard output each. The parent keeps each value and the time, counted from the launch, at which its line
 * arrived. Anything else the child prints is ignored; the tail of its standard error is quoted when it fails.
 */
public final class ChildJvm {
    /** The start of a result line on the child's standard output. */
    static final String RESULT_PREFIX = "bench-result ";
    private static final int STDERR_TAIL = 4000;

    private ChildJvm() {
    }

    /**
     * What a child reported. Immutable.
     *
     * @param values   each reported value, by key, in report order
     * @param arrivals nanoseconds from the launch until each key's line was read, by key
     * @param exitNanos nanoseconds from the launch until the child exited
     */
    public record Outcome(Map<String, Long> values, Map<String, Long> arrivals, long exitNanos) {
        /** Copies the maps. */
        public Outcome {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            arrivals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrivals));
        }

        /**
         * Returns the value reported under {@code key}.
         *
         * @throws IllegalStateException naming the keys that were reported, if this one was not
         */
        public long value(String key) {
            Long v = values.get(key);
            if (v == null) {
                throw new IllegalStateException("the child JVM reported no \"" + key + "\"; it reported "
                        + values.keySet());
            }
            return v;
        }

        /** Returns the nanoseconds from the launch until {@code key}'s line arrived. */
        public long arrival(String key) {
            value(key);
            return arrivals.get(key);
        }
    }

    /**
     * Launches {@code mainClass} in a new JVM with {@code jvmOptions}, this JVM's class path and {@code args}, and
     * waits for it to exit.
     *
     * @throws IOException if it cannot be started, runs longer than {@code timeout} (it is then killed), or exits
     *                     with a status other than 0; the message quotes the end of its standard error
     */
    public static Outcome run(Class<?> mainClass, List<String> jvmOptions, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).start();
        StringBuilder stderr = new StringBuilder();
        Thread stderrReader = Thread.ofPlatform().daemon().name("child-jvm-stderr-" + process.pid())
                .start(() -> drain(process.getErrorStream(), stderr));
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, Long> arrivals = new LinkedHashMap<>();
        long deadline = launched + timeout.toNanos();
        Thread watchdog = Thread.ofPlatform().daemon().name("child-jvm-watchdog-" + process.pid()).start(() -> {
            try {
                if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                long at = System.nanoTime() - launched;
                if (line.startsWith(RESULT_PREFIX)) {
                    String[] parts = line.substring(RESULT_PREFIX.length()).trim().split(" ");
                    if (parts.length != 2) {
                        throw new IOException(mainClass.getSimpleName() + " printed a malformed result line: " + line);
                    }
                    values.put(parts[0], Long.parseLong(parts[1]));
                    arrivals.put(parts[0], at);
                }
            }
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            boolean exited = process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            watchdog.interrupt();
            stderrReader.join(5_000);
        }
        long exitNanos = System.nanoTime() - launched;
        if (exitNanos > timeout.toNanos()) {
            throw new IOException(mainClass.getSimpleName() + " in a child JVM did not finish within "
                    + timeout.toSeconds() + " s and was killed; its standard error ends with: " + tail(stderr));
        }
        if (process.exitValue() != 0) {
            throw new IOException(mainClass.getSimpleName() + " in a child JVM exited with status "
                    + process.exitValue() + "; its standard error ends with: " + tail(stderr));
        }
        return new Outcome(values, arrivals, exitNanos);
    }

    /** For the child: reports {@code value} under {@code key} (no spaces) to the parent, at once. */
    public static void report(String key, long value) {
        if (key.isEmpty() || key.contains(" ")) {
            throw new IllegalArgumentException("a result key must be one word, got \"" + key + "\"");
        }
        System.out.println(RESULT_PREFIX + key + " " + value);
        System.out.flush();
    }

    private static void drain(InputStream in, StringBuilder sink) {
        char[] buf = new char[4096];
        try (InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = r.read(buf)) > 0; ) {
                synchronized (sink) {
                    sink.append(buf, 0, n);
                    if (sink.length() > 4 * STDERR_TAIL) {
                        sink.delete(0, sink.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    private static String tail(StringBuilder stderr) {
        synchronized (stderr) {
            String s = stderr.toString().strip();
            return s.isEmpty() ? "(nothing)" : s.length() <= STDERR_TAIL ? s : "..." + s.substring(s.length() - STDERR_TAIL);
        }
    }
}
