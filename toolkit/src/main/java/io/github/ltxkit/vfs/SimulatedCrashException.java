package io.github.ltxkit.vfs;

import java.io.IOException;

/** The database stopped at an armed {@link CrashPoint}, as a killed process would have. */
final class SimulatedCrashException extends IOException {
    private static final long serialVersionUID = 1L;

    SimulatedCrashException(CrashPoint point) {
        super("simulated crash at " + point);
    }
}
