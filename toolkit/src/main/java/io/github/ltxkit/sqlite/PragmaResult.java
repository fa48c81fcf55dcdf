package io.github.ltxkit.sqlite;

/** What a {@link MainFile} did with a {@code PRAGMA} SQLite offered it through {@code SQLITE_FCNTL_PRAGMA}. */
public sealed interface PragmaResult {
    /** The pragma is not the file's: SQLite handles it as usual. */
    PragmaResult NOT_HANDLED = new NotHandled();

    /** Returns a handled pragma whose statement returns {@code value} (or no row if {@code null}). */
    static PragmaResult value(String value) {
        return new Value(value);
    }

    /** The pragma is not one of the file's. */
    record NotHandled() implements PragmaResult {
    }

    /**
     * The file handled the pragma.
     *
     * @param value the single text value the PRAGMA statement returns, or {@code null} for none
     */
    record Value(String value) implements PragmaResult {
    }
}
