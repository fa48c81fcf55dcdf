package io.github.ltxkit.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/** The last net under every upcall: whatever escapes becomes the given result, never an unwinding exception. */
class UpcallsTest {
    static int failingInt(int x) {
        throw new StackOverflowError("escaped " + x);
    }

    static void failingVoid(long x) {
        throw new IllegalStateException("escaped " + x);
    }

    static MemorySegment failingPointer() {
        throw new OutOfMemoryError("escaped");
    }

    private static MethodHandle handle(String name, MethodType type) throws Exception {
        return MethodHandles.lookup().findStatic(UpcallsTest.class, name, type);
    }

    @Test
    void anErrorEscapingAnIntCallbackBecomesTheErrorCode() throws Throwable {
        MethodHandle guarded = Upcalls.guard(handle("failingInt", MethodType.methodType(int.class, int.class)), 10);
        assertThat((int) guarded.invokeExact(7)).isEqualTo(10);
    }

    @Test
    void anExceptionEscapingAVoidCallbackIsDropped() throws Throwable {
        MethodHandle guarded = Upcalls.guard(handle("failingVoid", MethodType.methodType(void.class, long.class)),
                null);
        guarded.invokeExact(3L);
    }

    @Test
    void anErrorEscapingAPointerCallbackBecomesNull() throws Throwable {
        MethodHandle guarded = Upcalls.guard(handle("failingPointer", MethodType.methodType(MemorySegment.class)),
                MemorySegment.NULL);
        assertThat((MemorySegment) guarded.invokeExact()).isEqualTo(MemorySegment.NULL);
    }
}
