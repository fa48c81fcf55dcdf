package io.github.ltxkit.replica;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A decorator that retries calls failing with a {@link TransientReplicaException}, waiting between attempts as
 * its {@link RetryPolicy} says (exponential backoff with full jitter). Any other failure is thrown at once. When
 * the attempts run out, the last failure is thrown again, its message saying how many attempts were made.
 *
 * <p>A conditional create whose outcome was lost (an attempt failed transiently, so the object may have been
 * stored) and that a later attempt finds already taken is resolved by reading the stored object back: if it holds
 * exactly the bytes being written, an earlier attempt stored it and the create succeeds; otherwise another writer
 * won and the {@link ObjectAlreadyExistsException} is thrown.
 *
 * <p>{@link #open} retries opening the stream, not failures while reading it.
 *
 * <p>Thread-safe if the client below is (the random source is a thread-safe {@link Random}).
 */
public final class RetryingReplicaClient implements ReplicaClient {
    private static final System.Logger LOG = System.getLogger(RetryingReplicaClient.class.getName());
    private static final int COMPARE_CHUNK = 1 << 20;

    private final ReplicaClient delegate;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Random random;

    /** Retries calls to {@code delegate} as {@code policy} says, sleeping on the calling thread. */
    public RetryingReplicaClient(ReplicaClient delegate, RetryPolicy policy) {
        this(delegate, policy, Sleeper.SYSTEM, new Random());
    }

    /**
     * Retries calls to {@code delegate}, waiting through {@code sleeper} for delays drawn from {@code random}
     * (seed it for reproducible tests).
     */
    public RetryingReplicaClient(ReplicaClient delegate, RetryPolicy policy, Sleeper sleeper, Random random) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        return retry(() -> delegate.list(level, minTxid));
    }

    @Override
    public List<LtxFileInfo> listAllLevels() throws ReplicaException {
        return retry(delegate::listAllLevels);
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        return retry(() -> delegate.read(key, offset, length));
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        return retry(() -> delegate.open(key));
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        retry(() -> {
            delegate.delete(keys);
            return null;
        });
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        TransientReplicaException last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                delegate.createIfAbsent(key, content, createdAt);
                return;
            } catch (ObjectAlreadyExistsException conflict) {
                if (last == null) {
                    throw conflict; // no earlier attempt could have stored it: another writer won
                }
                resolveAmbiguousWrite(key, content, conflict, last);
                return;
            } catch (TransientReplicaException e) {
                last = e;
                if (attempt >= policy.maxAttempts()) {
                    throw exhausted(e, attempt);
                }
                pause(attempt, e);
            }
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "RetryingReplicaClient[" + delegate + ", " + policy + "]";
    }

    /**
     * Decides a conflict that follows a transient failure: success if the stored object is exactly {@code content},
     * otherwise the conflict is rethrown.
     */
    private void resolveAmbiguousWrite(LtxFileKey key, UploadContent content, ObjectAlreadyExistsException conflict,
            TransientReplicaException earlier) throws ReplicaException {
        boolean same;
        try {
            same = storedEquals(key, content);
        } catch (IOException e) { // a ReplicaException reading it back, or the content failing to open
            conflict.addSuppressed(e);
            throw conflict;
        }
        if (!same) {
            conflict.addSuppressed(earlier);
            throw conflict;
        }
        LOG.log(Level.INFO, () -> "ambiguous write resolved: an earlier attempt stored it (" + describe() + " "
                + key + ", after: " + earlier.getMessage() + ")");
    }

    private boolean storedEquals(LtxFileKey key, UploadContent content) throws IOException {
        long length = content.length();
        try (InputStream expected = content.open()) {
            long offset = 0;
            while (offset < length) {
                int chunk = (int) Math.min(COMPARE_CHUNK, length - offset);
                byte[] stored = read(key, offset, chunk);
                if (stored.length != chunk) {
                    return false; // the stored object is shorter
                }
                if (!Arrays.equals(stored, expected.readNBytes(chunk))) {
                    return false;
                }
                offset += chunk;
            }
            return read(key, length, 1).length == 0; // and not longer
        }
    }

    private <T> T retry(Call<T> call) throws ReplicaException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TransientReplicaException e) {
                if (attempt >= policy.maxAttempts()) {
                    throw exhausted(e, attempt);
                }
                pause(attempt, e);
            }
        }
    }

    private void pause(int failedAttempts, TransientReplicaException cause) throws TransientReplicaException {
        Duration delay = policy.delay(failedAttempts, random);
        LOG.log(Level.DEBUG, () -> "retrying in " + delay.toMillis() + " ms after attempt " + failedAttempts + ": "
                + cause.getMessage());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            TransientReplicaException e = exhausted(cause, failedAttempts);
            e.addSuppressed(interrupted);
            throw e;
        }
    }

    /** Returns the last failure again, its message now saying how many attempts were made. */
    private static TransientReplicaException exhausted(TransientReplicaException last, int attempts) {
        return new TransientReplicaException(last.operation(), last.key(),
                "gave up after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + detail(last), last);
    }

    /** Returns the message of a replica exception without its {@code "<operation> <key>: "} prefix. */
    static String detail(ReplicaException e) {
        String message = e.getMessage();
        String prefix = e.operation().name().toLowerCase(Locale.ROOT) + (e.key() == null ? "" : " " + e.key())
                + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws ReplicaException;
    }
}
