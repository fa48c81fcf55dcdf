package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.replica.NonContiguousHistoryException;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.seed.SqlScriptException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into an exit status and a one-line message. Stateless. */
final class Failures {
    private Failures() {
    }

    /**
     * A classified failure.
     *
     * @param exitCode one of {@link ExitCodes}
     * @param message  one line, lower-case facts, never credentials
     */
    record Failure(int exitCode, String message) {
        Failure {
            message = oneLine(message);
        }
    }

    static Failure classify(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return switch (t) {
            case CliException c -> new Failure(c.exitCode(), c.getMessage());
            case LtxFormatException f -> new Failure(ExitCodes.FORMAT, f.getMessage());
            case SqlScriptException s -> new Failure(ExitCodes.FORMAT, s.getMessage());
            case NonContiguousHistoryException gap -> new Failure(ExitCodes.FORMAT, gap.getMessage());
            case ObjectAlreadyExistsException exists -> new Failure(ExitCodes.CONFLICT, exists.getMessage());
            case ReplicaException r -> new Failure(ExitCodes.STORAGE, r.getMessage());
            case NoSuchFileException missing -> new Failure(ExitCodes.LOCAL_IO, "no such file: " + missing.getFile());
            case AccessDeniedException denied -> new Failure(ExitCodes.LOCAL_IO, "permission denied: "
                    + denied.getFile());
            case FileAlreadyExistsException exists -> new Failure(ExitCodes.CONFLICT, exists.getFile()
                    + " already exists");
            case FileSystemException fs -> new Failure(ExitCodes.LOCAL_IO, fs.getMessage());
            case IOException io -> new Failure(ExitCodes.LOCAL_IO, io.getMessage());
            default -> new Failure(ExitCodes.INTERNAL, "internal error: " + t.getClass().getName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        };
    }

    /** Lower-cases the first letter of a sentence-style message (picocli's), keeping names like "TXID" intact. */
    static String lowerFirst(String message) {
        if (message.length() < 2 || !Character.isUpperCase(message.charAt(0))
                || Character.isUpperCase(message.charAt(1))) {
            return message;
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
