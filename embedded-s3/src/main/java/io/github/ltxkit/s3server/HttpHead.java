package io.github.ltxkit.s3server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and header lines of one HTTP/1.1 message, kept as received so that forwarding them does not
 * disturb a request signature. Immutable.
 */
final class HttpHead {
    /** The most bytes a message head may have. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private final String startLine;
    private final List<String> headerLines;

    private HttpHead(String startLine, List<String> headerLines) {
        this.startLine = startLine;
        this.headerLines = List.copyOf(headerLines);
    }

    /**
     * Reads a message head up to and including its empty line.
     *
     * @return the head, or {@code null} if the stream ends before its first byte
     * @throws EOFException if the stream ends inside the head
     */
    static HttpHead read(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String start = readLine(in, budget, true);
        if (start == null) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        for (String line = readLine(in, budget, false); !line.isEmpty(); line = readLine(in, budget, false)) {
            headers.add(line);
        }
        return new HttpHead(start, headers);
    }

    /**
     * Reads one line ending in CRLF (or a bare LF) without its terminator, in ISO-8859-1.
     *
     * @param eofAllowed whether the stream may end before the line's first byte ({@code null} is then returned)
     */
    static String readLine(InputStream in, int[] budget, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside an HTTP message head");
            }
            if (--budget[0] < 0) {
                throw new IOException("HTTP message head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    /** Returns the start line, e.g. {@code GET /bucket/key HTTP/1.1} or {@code HTTP/1.1 200 OK}. */
    String startLine() {
        return startLine;
    }

    /** Returns the first value of a header (name compared ignoring case), trimmed, or {@code null}. */
    String header(String name) {
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Returns whether a comma-separated header contains {@code token}, ignoring case. */
    boolean headerHasToken(String name, String token) {
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                for (String part : line.substring(colon + 1).split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Returns a copy without the headers named {@code name} (ignoring case). */
    HttpHead without(String name) {
        List<String> kept = new ArrayList<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                kept.add(line);
            }
        }
        return new HttpHead(startLine, kept);
    }

    /** Returns the status code of a response head. */
    int status() throws IOException {
        String[] parts = startLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP status line: '" + startLine + "'", e);
        }
    }

    /**
     * Returns how the body of this message is framed.
     *
     * @param bodyAllowed false for responses that never carry a body (to HEAD, 1xx, 204, 304)
     * @param isResponse  whether a body without framing runs until the connection closes (responses only)
     */
    BodyFraming framing(boolean bodyAllowed, boolean isResponse) throws IOException {
        if (!bodyAllowed) {
            return BodyFraming.NONE;
        }
        if (headerHasToken("Transfer-Encoding", "chunked")) {
            return BodyFraming.CHUNKED;
        }
        String length = header("Content-Length");
        if (length != null) {
            try {
                long n = Long.parseLong(length);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return BodyFraming.length(n);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: '" + length + "'", e);
            }
        }
        return isResponse ? BodyFraming.UNTIL_CLOSE : BodyFraming.NONE;
    }

    /** Writes the head, including its final empty line. */
    void writeTo(OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(startLine.length() + 32 * headerLines.size());
        sb.append(startLine).append("\r\n");
        for (String line : headerLines) {
            sb.append(line).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return startLine.toLowerCase(Locale.ROOT);
    }
}
