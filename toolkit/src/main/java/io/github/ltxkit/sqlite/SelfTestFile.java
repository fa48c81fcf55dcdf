package io.github.ltxkit.sqlite;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/** An empty, read-only database used to prove a registration works end to end. Thread-safe. */
final class SelfTestFile implements MainFile {
    private final AtomicInteger locksSeen;

    SelfTestFile(AtomicInteger locksSeen) {
        this.locksSeen = locksSeen;
    }

    @Override
    public int read(ByteBuffer dst, long offset) {
        return 0;
    }

    @Override
    public void write(ByteBuffer src, long offset) throws java.io.IOException {
        throw SqliteVfsException.readOnly("the self-test database is read-only");
    }

    @Override
    public void truncate(long size) throws java.io.IOException {
        throw SqliteVfsException.readOnly("the self-test database is read-only");
    }

    @Override
    public void sync(int flags) {
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public boolean lock(LockLevel level) {
        locksSeen.incrementAndGet();
        return true;
    }

    @Override
    public void unlock(LockLevel level) {
    }

    @Override
    public boolean reservedLockHeld() {
        return false;
    }

    @Override
    public PragmaResult pragma(String name, String value) {
        return PragmaResult.NOT_HANDLED;
    }

    @Override
    public void commitPhaseTwo() {
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public void close() {
    }
}
