package io.github.ltxkit.seed;

import java.io.IOException;
import java.sql.SQLException;

/** A statement of a SQL script failed; the message names the script, the line and SQLite's error. */
public final class SqlScriptException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String script;
    private final int line;

    SqlScriptException(String script, int line, String sql, SQLException cause) {
        super(script + ":" + line + ": " + cause.getMessage() + " (in: " + abbreviate(sql) + ")", cause);
        this.script = script;
        this.line = line;
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
    }

    /** Returns the script's name. */
    public String script() {
        return script;
    }

    /** Returns the line (1-based) where the failing statement starts. */
    public int line() {
        return line;
    }
}
