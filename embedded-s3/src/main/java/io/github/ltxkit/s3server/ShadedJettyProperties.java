package io.github.ltxkit.s3server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Sets the system property that spares S3Proxy's shaded Jetty the platform MBean server at start-up. Jetty's
 * {@code MemoryUtils} sizes its cache-line padding from the JVM option {@code UseCompressedOops}, which it reads
 * through {@code ManagementFactory.getPlatformMBeanServer()} unless {@value #REFERENCES_PER_CACHE_LINE} is set; in a
 * fresh JVM creating that server (every platform MBean, the diagnostic commands, JFR's among them) takes about
 * 200 ms. This class reads the same option through the HotSpot diagnostic MXBean alone, which loads a small part of
 * those classes, and sets the property to the value Jetty would compute from it.
 *
 * <p>Stateless. The property is JVM-wide, but only S3Proxy's shaded Jetty reads it (its name carries the shading
 * prefix), and a value already set, by the user or an earlier server, is left alone.
 */
final class ShadedJettyProperties {
    /** The number of object references in a cache line, as S3Proxy's shaded Jetty reads it. */
    static final String REFERENCES_PER_CACHE_LINE = "org.gaul.shaded.org.eclipse.jetty.util.referencesPerCacheLine";
    /** The cache line size in bytes, as S3Proxy's shaded Jetty reads it (default 64). */
    static final String CACHE_LINE_BYTES = "org.gaul.shaded.org.eclipse.jetty.util.cacheLineBytes";
    private static final int DEFAULT_CACHE_LINE_BYTES = 64;

    private ShadedJettyProperties() {
    }

    /** Sets {@value #REFERENCES_PER_CACHE_LINE} unless it is set already; call before S3Proxy starts. */
    static void presetReferencesPerCacheLine() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) != null) {
            return;
        }
        System.setProperty(REFERENCES_PER_CACHE_LINE,
                Integer.toString(referencesPerCacheLine(cacheLineBytes(), compressedOops())));
    }

    /**
     * Returns what Jetty computes: a cache line holds 4-byte references with compressed oops, 8-byte ones without;
     * at least 1, because Jetty ignores a smaller value and asks the MBean server after all.
     */
    static int referencesPerCacheLine(int cacheLineBytes, boolean compressedOops) {
        return Math.max(1, compressedOops ? cacheLineBytes >> 2 : cacheLineBytes >> 3);
    }

    private static int cacheLineBytes() {
        try {
            return Integer.parseInt(System.getProperty(CACHE_LINE_BYTES, Integer.toString(DEFAULT_CACHE_LINE_BYTES)));
        } catch (NumberFormatException e) {
            return DEFAULT_CACHE_LINE_BYTES; // Jetty falls back to the same
        }
    }

    /** Returns the JVM's UseCompressedOops; true where the JVM does not tell, as Jetty assumes then too. */
    private static boolean compressedOops() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot == null || Boolean.parseBoolean(hotSpot.getVMOption("UseCompressedOops").getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }
}
