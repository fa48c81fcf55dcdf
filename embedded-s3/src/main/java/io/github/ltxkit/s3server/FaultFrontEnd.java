package io.github.ltxkit.s3server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small HTTP/1.1 relay on 127.0.0.1 in front of S3Proxy: it forwards each request of a client connection over a
 * paired keep-alive connection to S3Proxy and relays the response back, unless {@link ServerFaults} picked a fault
 * for that request.
 *
 * <p>It understands just enough HTTP to frame messages (Content-Length and chunked bodies, responses without a
 * body). It answers {@code Expect: 100-continue} itself and does not forward that header (SigV4 does not sign it).
 *
 * <p>Thread-safe. One platform thread accepts; each connection is served by its own virtual thread, which owns
 * that connection's sockets and streams.
 */
final class FaultFrontEnd implements AutoCloseable {
    /** A backend connection idle for longer than this is replaced, well before Jetty's 30 s idle timeout. */
    private static final long BACKEND_MAX_IDLE_NANOS = 5_000_000_000L;

    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final ServerFaults faults;
    // Concurrent set: the client and backend sockets of live connections, closed on shutdown.
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    // Written by close(), read by the acceptor.
    private volatile boolean closed;

    private FaultFrontEnd(ServerSocket listener, InetSocketAddress backend, ServerFaults faults) {
        this.listener = listener;
        this.backend = backend;
        this.faults = faults;
        this.acceptor = Thread.ofPlatform().daemon().name("ltxkit-s3-front-accept-" + listener.getLocalPort())
                .unstarted(this::acceptLoop);
    }

    /** Starts a front end on a free port of 127.0.0.1 that forwards to {@code backend}. */
    static FaultFrontEnd start(InetSocketAddress backend, ServerFaults faults) throws IOException {
        // 127.0.0.1 itself: the loopback address Java prefers may be ::1, which the endpoint URL does not name
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        FaultFrontEnd frontEnd = new FaultFrontEnd(listener, backend, faults);
        frontEnd.acceptor.start();
        return frontEnd;
    }

    /** Returns the port the front end listens on. */
    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                client.setTcpNoDelay(true);
                sockets.add(client);
                Thread.ofVirtual().name("ltxkit-s3-front-conn").start(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    System.getLogger(FaultFrontEnd.class.getName())
                            .log(System.Logger.Level.WARNING, "embedded S3 front end: accept failed", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            InputStream clientIn = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream clientOut = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
            InputStream upIn = null;
            OutputStream upOut = null;
            long upLastUsed = 0;
            while (!closed) {
                HttpHead request = HttpHead.read(clientIn);
                if (request == null) {
                    return;
                }
                String[] line = request.startLine().split(" ");
                if (line.length != 3) {
                    throw new IOException("bad request line: '" + request.startLine() + "'");
                }
                String method = line[0];
                Location location = Location.parse(line[1]);
                S3Op op = S3Op.classify(method, location.bucket, location.key, location.query);
                Fault fault = faults.onRequest(op, location.faultPath(op));
                BodyFraming requestBody = request.framing(true, false);

                if (fault instanceof Fault.Reset) {
                    reset(client);
                    return;
                }
                if (request.headerHasToken("Expect", "100-continue")) {
                    clientOut.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    clientOut.flush();
                    request = request.without("Expect");
                }
                if (fault instanceof Fault.Fail(int status, String code)) {
                    requestBody.copy(clientIn, OutputStream.nullOutputStream());
                    ErrorResponse.write(clientOut, status, code, location.resource(), method.equals("HEAD"));
                    clientOut.flush();
                    if (request.headerHasToken("Connection", "close")) {
                        return;
                    }
                    continue;
                }
                if (fault instanceof Fault.Delay(var delay)) {
                    Thread.sleep(delay);
                }

                if (upstream == null || System.nanoTime() - upLastUsed > BACKEND_MAX_IDLE_NANOS) {
                    closeQuietly(upstream);
                    upstream = new Socket(backend.getAddress(), backend.getPort());
                    upstream.setTcpNoDelay(true);
                    sockets.add(upstream);
                    upIn = new BufferedInputStream(upstream.getInputStream(), 64 * 1024);
                    upOut = new BufferedOutputStream(upstream.getOutputStream(), 64 * 1024);
                }
                request.writeTo(upOut);
                requestBody.copy(clientIn, upOut);
                upOut.flush();

                HttpHead response = HttpHead.read(upIn);
                while (response != null && response.status() / 100 == 1) {
                    response = HttpHead.read(upIn); // interim responses were answered above already
                }
                if (response == null) {
                    throw new IOException("S3Proxy closed the connection without answering " + request);
                }
                int status = response.status();
                boolean bodyAllowed = !method.equals("HEAD") && status != 204 && status != 304;
                BodyFraming responseBody = response.framing(bodyAllowed, true);
                upLastUsed = System.nanoTime();
                boolean upstreamCloses = response.headerHasToken("Connection", "close")
                        || responseBody.kind() == BodyFraming.Kind.UNTIL_CLOSE;

                switch (fault) {
                    case Fault.FailAfterApplying(int failStatus, String code) -> {
                        responseBody.copy(upIn, OutputStream.nullOutputStream());
                        ErrorResponse.write(clientOut, failStatus, code, location.resource(), method.equals("HEAD"));
                        clientOut.flush();
                    }
                    case Fault.ResetAfterApplying() -> {
                        responseBody.copy(upIn, OutputStream.nullOutputStream());
                        reset(client);
                        return;
                    }
                    case Fault.TruncateBody() -> {
                        response.writeTo(clientOut);
                        if (responseBody.kind() == BodyFraming.Kind.LENGTH) {
                            BodyFraming.copyExactly(upIn, clientOut, responseBody.length() / 2);
                        }
                        clientOut.flush();
                        return; // closes both connections: the rest of the body is never sent
                    }
                    case null, default -> {
                        response.writeTo(clientOut);
                        responseBody.copy(upIn, clientOut);
                        clientOut.flush();
                    }
                }
                if (upstreamCloses || request.headerHasToken("Connection", "close")) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client or S3Proxy went away, or sent something this relay cannot frame: drop the connection
            if (!closed && !(e instanceof SocketException)) {
                System.getLogger(FaultFrontEnd.class.getName())
                        .log(System.Logger.Level.DEBUG, "embedded S3 front end: connection dropped", e);
            }
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
        sockets.remove(socket);
    }

    private void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed or reset: nothing left to release
        }
    }

    /** Stops accepting and closes every live connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing to report
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The decoded path-style location of a request: bucket, key and raw query. */
    private record Location(String bucket, String key, String query) {
        static Location parse(String target) {
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            String query = q < 0 ? "" : target.substring(q + 1);
            String decoded = decodePath(path.startsWith("/") ? path.substring(1) : path);
            int slash = decoded.indexOf('/');
            return slash < 0 ? new Location(decoded, "", query)
                    : new Location(decoded.substring(0, slash), decoded.substring(slash + 1), query);
        }

        /** Returns what fault rules match against: {@code bucket/key}, or {@code bucket/prefix} for listings. */
        String faultPath(S3Op op) {
            if (op == S3Op.LIST_OBJECTS) {
                return bucket + "/" + queryParameter("prefix");
            }
            return bucket.isEmpty() ? "" : bucket + "/" + key;
        }

        String resource() {
            return "/" + bucket + (key.isEmpty() ? "" : "/" + key);
        }

        private String queryParameter(String name) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return "";
        }

        private static String decodePath(String path) {
            // in a path '+' is a plus sign, not a space
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    /** Writes S3 error responses. */
    private static final class ErrorResponse {
        static void write(OutputStream out, int status, String code, String resource, boolean headRequest)
                throws IOException {
            String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase(java.util.Locale.ROOT);
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                    + "</Code><Message>injected by the embedded S3 server's fault rules</Message><Resource>"
                    + escape(resource) + "</Resource><RequestId>" + requestId + "</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                    + "Content-Type: application/xml\r\n"
                    + "Content-Length: " + (headRequest ? 0 : body.length) + "\r\n"
                    + "x-amz-request-id: " + requestId + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (!headRequest) {
                out.write(body);
            }
        }

        private static String reason(int status) {
            return switch (status) {
                case 400 -> "Bad Request";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                case 412 -> "Precondition Failed";
                case 429 -> "Too Many Requests";
                case 500 -> "Internal Server Error";
                case 502 -> "Bad Gateway";
                case 503 -> "Service Unavailable";
                case 504 -> "Gateway Timeout";
                default -> "Error";
            };
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
