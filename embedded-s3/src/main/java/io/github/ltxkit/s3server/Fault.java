package io.github.ltxkit.s3server;

import java.time.Duration;

/** What the front end does to one request instead of (or besides) forwarding it unchanged. */
sealed interface Fault {
    /** Drains the request body and answers with an S3 error document; the store never sees the request. */
    record Fail(int status, String errorCode) implements Fault {
    }

    /** Forwards the request (the store applies it), discards the real response and answers with an error. */
    record FailAfterApplying(int status, String errorCode) implements Fault {
    }

    /** Waits, then forwards the request normally. */
    record Delay(Duration delay) implements Fault {
    }

    /** Forwards the request, sends the response head and half of a Content-Length body, then closes. */
    record TruncateBody() implements Fault {
    }

    /** Resets the connection (TCP RST) right after reading the request head, without reading the body. */
    record Reset() implements Fault {
    }

    /** Forwards the request (the store applies it), then resets the connection instead of answering. */
    record ResetAfterApplying() implements Fault {
    }
}
