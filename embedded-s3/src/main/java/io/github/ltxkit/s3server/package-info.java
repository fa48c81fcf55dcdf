/**
 * An in-JVM S3-compatible server for tests: {@link io.github.ltxkit.s3server.EmbeddedS3Server} runs S3Proxy with an
 * in-memory store on 127.0.0.1, makes conditional writes linearizable per key, and puts a small HTTP front end in
 * front of it whose {@link io.github.ltxkit.s3server.ServerFaults} answer chosen requests with errors, delays,
 * truncated bodies or reset connections.
 */
package io.github.ltxkit.s3server;
