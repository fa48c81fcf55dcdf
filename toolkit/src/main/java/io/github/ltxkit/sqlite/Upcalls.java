package io.github.ltxkit.sqlite;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/** Helpers for upcall stubs that can never let an exception unwind into native code. */
final class Upcalls {
    private Upcalls() {
    }

    /**
     * Wraps {@code target} so that any {@link Throwable} it throws becomes {@code onThrow} (for an {@code int}
     * upcall) or is swallowed (for a {@code void} one). The upcall bodies catch their own exceptions; this is the
     * second net, for errors raised while reporting an error.
     */
    static MethodHandle guard(MethodHandle target, Object onThrow) {
        Class<?> returnType = target.type().returnType();
        MethodHandle fallback = returnType == void.class
                ? MethodHandles.empty(java.lang.invoke.MethodType.methodType(void.class, Throwable.class))
                : MethodHandles.dropArguments(MethodHandles.constant(returnType, onThrow), 0, Throwable.class);
        fallback = MethodHandles.dropArguments(fallback, 1, target.type().parameterList());
        return MethodHandles.catchException(target, Throwable.class, fallback);
    }
}
