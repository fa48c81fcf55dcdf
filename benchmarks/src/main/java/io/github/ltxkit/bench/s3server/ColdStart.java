package io.github.ltxkit.bench.s3server;

import io.github.ltxkit.bench.support.ChildJvm;
import io.github.ltxkit.s3server.EmbeddedS3Server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The child-JVM side of the cold start figures: the first thing this JVM does is start an embedded S3 server and
 * send it one request, so every class the server needs is loaded, linked and initialized inside the timings. Reports
 * {@code start} ({@link EmbeddedS3Server#start()}), {@code answered} (from before the start until the first HTTP
 * response's status line arrived), {@code cpu} (the CPU time of every thread of this JVM until then, JVM boot
 * included; -1 where the OS does not tell), {@code status} (that response's status code) and {@code bucket} (the
 * first {@link EmbeddedS3Server#createBucket} of the JVM), in nanoseconds. Runs on one thread.
 */
public final class ColdStart {
    private ColdStart() {
    }

    /**
     * Starts the server, asks it once, reports, stops.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws IOException {
        long begin = System.nanoTime();
        EmbeddedS3Server server = EmbeddedS3Server.start();
        long started = System.nanoTime();
        int status = firstAnswer(server.endpoint());
        long answered = System.nanoTime();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        ChildJvm.report("answered", answered - begin);
        ChildJvm.report("cpu", cpu);
        ChildJvm.report("start", started - begin);
        ChildJvm.report("status", status);
        long bucketStart = System.nanoTime();
        server.createBucket("cold-start");
        ChildJvm.report("bucket", System.nanoTime() - bucketStart);
        server.close();
    }

    /**
     * Sends an unsigned {@code GET /} (S3's ListBuckets) over a plain socket, without any HTTP client library whose
     * own start-up would be counted, and returns the status code of the answer.
     */
    static int firstAnswer(URI endpoint) throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String statusLine = in.readLine();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("the embedded S3 server at " + endpoint + " answered GET / with \""
                        + statusLine + "\", not an HTTP status line");
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
