package io.github.ltxkit.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL script split into statements, each with the line it starts on, so a failure can name its line.
 *
 * <p>Statements end at a semicolon outside string literals, quoted identifiers and comments; a
 * {@code CREATE TRIGGER} statement ends only at a semicolon right after {@code END}, as in SQLite's own
 * {@code sqlite3_complete}. Immutable.
 *
 * @param name the script's name for messages (its file name or classpath resource)
 * @param text the script's text
 */
public record SqlScript(String name, String text) {

    /** One statement and the line (1-based) where it starts. */
    public record Statement(String sql, int line) {
    }

    /** Reads a script from a UTF-8 file. */
    public static SqlScript of(Path file) throws IOException {
        return new SqlScript(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Splits the script into statements; blank statements and comments are dropped. */
    public List<Statement> statements() {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                if (i < n) {
                    line++;
                    current.append('\n');
                }
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                    }
                }
                current.append(' ');
                i = end - 1;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                if (startLine < 0) {
                    startLine = line;
                }
                current.append(c);
                int k = i + 1;
                while (k < n) {
                    char d = text.charAt(k);
                    current.append(d);
                    if (d == '\n') {
                        line++;
                    }
                    if (d == close) {
                        if (close != ']' && k + 1 < n && text.charAt(k + 1) == close) {
                            current.append(close);
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    k++;
                }
                i = k;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (c == ';' && complete(current)) {
                add(out, current, startLine);
                current.setLength(0);
                startLine = -1;
                continue;
            }
            if (startLine < 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            current.append(c);
        }
        add(out, current, startLine);
        return out;
    }

    private static void add(List<Statement> out, StringBuilder sql, int line) {
        String s = sql.toString().strip();
        if (!s.isEmpty()) {
            out.add(new Statement(s, line));
        }
    }

    /** A statement ends at a semicolon unless it is a trigger whose body has not reached END yet. */
    private static boolean complete(StringBuilder sql) {
        String[] words = sql.toString().strip().toUpperCase(Locale.ROOT).split("\\s+");
        int i = 0;
        if (words.length > i && words[i].equals("CREATE")) {
            i++;
            if (words.length > i && (words[i].equals("TEMP") || words[i].equals("TEMPORARY"))) {
                i++;
            }
            if (words.length > i && words[i].equals("TRIGGER")) {
                return words[words.length - 1].equals("END");
            }
        }
        return true;
    }
}
