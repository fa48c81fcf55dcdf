package io.github.ltxkit.vfs;

import io.github.ltxkit.replica.UploadContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The crash point armed for the next upload of one database, if any. Thread-safe. */
final class CrashPoints {
    /** Names kept short for the Syncer's call sites. */
    enum Point {
        BEFORE_UPLOAD(CrashPoint.BEFORE_UPLOAD),
        DURING_UPLOAD(CrashPoint.DURING_UPLOAD),
        AFTER_UPLOAD_BEFORE_ACK(CrashPoint.AFTER_UPLOAD_BEFORE_ACK),
        AFTER_ACK_BEFORE_TRIM(CrashPoint.AFTER_ACK_BEFORE_TRIM);

        final CrashPoint publicPoint;

        Point(CrashPoint p) {
            this.publicPoint = p;
        }
    }

    private volatile CrashPoint armed;
    /** Run instead of the simulated crash when set (a real process waits there to be killed). */
    private volatile Runnable hook;

    void arm(CrashPoint point) {
        hook = null;
        armed = point;
    }

    void armHook(CrashPoint point, Runnable action) {
        hook = action;
        armed = point;
    }

    CrashPoint armed() {
        return armed;
    }

    /** Crashes the engine if {@code p} is armed. */
    void reach(Point p, DatabaseEngine engine) throws SimulatedCrashException {
        if (armed == p.publicPoint) {
            armed = null;
            Runnable action = hook;
            if (action != null) {
                action.run();
                return;
            }
            engine.crash("crashed at " + p.publicPoint + " (simulated)");
            throw new SimulatedCrashException(p.publicPoint);
        }
    }

    /**
     * The content to upload from {@code file}: unchanged, unless DURING_UPLOAD is armed; then the stream stops
     * halfway, either running the hook there (a real process is killed mid-request) or failing, as a connection
     * cut in the middle of the upload.
     */
    UploadContent uploadContent(Path file) throws IOException {
        if (armed != CrashPoint.DURING_UPLOAD) {
            return UploadContent.of(file);
        }
        long length = Files.size(file);
        Runnable action = hook;
        return UploadContent.of(length, () -> new FilterInputStream(Files.newInputStream(file)) {
            private long sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= length / 2) {
                    if (action != null) {
                        action.run();
                    }
                    throw new IOException("connection lost halfway through the upload (simulated crash)");
                }
                int n = super.read(b, off, (int) Math.min(len, Math.max(1, length / 2 - sent)));
                if (n > 0) {
                    sent += n;
                }
                return n;
            }
        });
    }
}
