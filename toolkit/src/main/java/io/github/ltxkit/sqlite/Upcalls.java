package io.github.ltxkit.sqlite;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Helpers for upcall stubs that can never let an exception unwind into native code. Stateless. */
final class Upcalls {
    private static final System.Logger LOG = System.getLogger(Upcalls.class.getName());
    private static final MethodHandle REPORT;
    private static final MethodHandle REPORT_VOID;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            REPORT = lookup.findStatic(Upcalls.class, "report",
                    MethodType.methodType(Object.class, Throwable.class, Object.class));
            REPORT_VOID = lookup.findStatic(Upcalls.class, "report", MethodType.methodType(void.class,
                    Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Upcalls() {
    }

    /**
     * Wraps {@code target} so that any {@link Throwable} it throws is logged and becomes {@code onThrow} (for an
     * upcall that returns a value) or is dropped (for a {@code void} one). The upcall bodies catch their own
     * exceptions; this is the second net, for errors raised while reporting an error.
     */
    static MethodHandle guard(MethodHandle target, Object onThrow) {
        Class<?> returnType = target.type().returnType();
        MethodHandle fallback = returnType == void.class ? REPORT_VOID
                : MethodHandles.insertArguments(REPORT, 1, onThrow)
                        .asType(MethodType.methodType(returnType, Throwable.class));
        fallback = MethodHandles.dropArguments(fallback, 1, target.type().parameterList());
        return MethodHandles.catchException(target, Throwable.class, fallback);
    }

    private static Object report(Throwable t, Object value) {
        report(t);
        return value;
    }

    private static void report(Throwable t) {
        try {
            LOG.log(System.Logger.Level.ERROR, "an SQLite callback failed outside its own error handling; SQLite "
                    + "gets an error code instead", t);
        } catch (Throwable ignored) {
            // nothing may unwind into SQLite, not even a failing logger
        }
    }
}
