package io.github.ltxkit.junit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.opentest4j.TestAbortedException;

/**
 * The databases of one scope (a test method, a test class, or the run) by name, and what was handed out in it.
 * Kept in the store of its {@link ExtensionContext} under a key of its own, so JUnit closes it when the scope ends:
 * first the connections and data sources handed out in it (newest first), then the databases it owns (newest
 * first), deleting their replicas or keeping them if the scope failed.
 *
 * <p>Names are looked up from a method's scope through its class's scope to the enclosing classes' scopes; the
 * run's scope holds the JVM-scoped databases, which are visible only through the aliases of the scopes that
 * declare them.
 *
 * <p>Thread-safe: {@code entries} is a concurrent map whose values are futures (one creator per name, the others
 * wait); the lists are guarded by {@code lock}.
 */
final class ScopeState implements AutoCloseable, Store.CloseableResource {
    private static final System.Logger LOG = System.getLogger(ScopeState.class.getName());

    /** How long a scope lives. */
    enum Level {
        /** The test run. */
        JVM,
        /** A test class (or a nested class). */
        CLASS,
        /** A test method (or one invocation of a repeated or parameterized test). */
        METHOD
    }

    /** A database known in a scope: created here ({@code owned}) or an alias of one owned by the run. */
    record Entry(DatabaseSpec spec, CompletableFuture<ManagedDatabase> database, boolean owned) {
    }

    final Level level;
    /** The context whose outcome decides cleanup; null for the run's scope. */
    final ExtensionContext context;
    /** The next scope to look names up in; null for the outermost class and the run. */
    final ScopeState parent;
    private final JvmResources jvm;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Set when a test inside this scope failed. */
    private final AtomicBoolean childFailed = new AtomicBoolean();
    private final Object lock = new Object();
    /** Guarded by {@code lock}: databases created in this scope, oldest first. */
    private final List<ManagedDatabase> owned = new ArrayList<>();
    /** Guarded by {@code lock}: connections and data sources handed out in this scope, oldest first. */
    private final List<AutoCloseable> tracked = new ArrayList<>();
    /** Guarded by {@code lock}: undoes the fault rules armed for the test. */
    private final List<Runnable> disarm = new ArrayList<>();
    /** Guarded by {@code lock}: the faults declared on the test method's parameters, to arm before its body. */
    private final List<PendingFault> parameterFaults = new ArrayList<>();
    /** Guarded by {@code lock}: done when the scope's declarations have their databases; null before. */
    private CompletableFuture<Void> prepared;
    /** Guarded by {@code lock}. */
    private boolean closed;

    private ScopeState(Level level, ExtensionContext context, ScopeState parent, JvmResources jvm) {
        this.level = level;
        this.context = context;
        this.parent = parent;
        this.jvm = jvm;
    }

    /** Returns the run's scope of {@code jvm}. */
    static ScopeState jvm(JvmResources jvm) {
        return new ScopeState(Level.JVM, null, null, jvm);
    }

    /** Returns the scope of a class or method context, creating it (and its enclosing scopes) on first use. */
    static ScopeState of(ExtensionContext context) {
        JvmResources jvm = JvmResources.of(context);
        Level level = context.getTestMethod().isPresent() ? Level.METHOD : Level.CLASS;
        if (context.getTestClass().isEmpty()) {
            throw new IllegalStateException("no test class in " + context.getUniqueId());
        }
        return context.getStore(JvmResources.NAMESPACE).getOrComputeIfAbsent("scope:" + context.getUniqueId(),
                key -> new ScopeState(level, context, context.getParent().filter(p -> p.getTestClass().isPresent())
                        .map(ScopeState::of).orElse(null), jvm), ScopeState.class);
    }

    /**
     * Runs {@code prepare} once for this scope (creating the databases of its declarations); a concurrent caller
     * waits until it is done, and every caller gets its failure.
     */
    void prepareOnce(Runnable prepare) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing;
        synchronized (lock) {
            existing = prepared;
            if (existing == null) {
                prepared = mine;
            }
        }
        if (existing == null) {
            try {
                prepare.run();
                mine.complete(null);
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return;
        }
        try {
            existing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Returns the entry of {@code name} in this scope or an enclosing one. */
    Optional<Entry> find(String name) {
        for (ScopeState s = this; s != null; s = s.parent) {
            Entry e = s.entries.get(name);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Returns the names of the databases known in this scope and the enclosing ones. */
    TreeSet<String> visibleNames() {
        TreeSet<String> names = new TreeSet<>();
        for (ScopeState s = this; s != null; s = s.parent) {
            names.addAll(s.entries.keySet());
        }
        return names;
    }

    /**
     * Returns the database of {@code spec.name()} in this scope, creating it with {@code creator} if there is none;
     * an existing one must have the same settings.
     *
     * @throws ExtensionConfigurationException if a database of that name with other settings is here
     */
    ManagedDatabase obtain(DatabaseSpec spec, Supplier<ManagedDatabase> creator) {
        return obtain(spec.name(), spec, creator);
    }

    /** Like {@link #obtain(DatabaseSpec, Supplier)}, under {@code key} instead of the name. */
    ManagedDatabase obtain(String key, DatabaseSpec spec, Supplier<ManagedDatabase> creator) {
        Entry mine = new Entry(spec, new CompletableFuture<>(), true);
        Entry existing = entries.putIfAbsent(key, mine);
        if (existing != null) {
            requireSame(existing.spec(), spec);
            return join(existing.database());
        }
        try {
            ManagedDatabase db = creator.get();
            synchronized (lock) {
                owned.add(db);
            }
            mine.database().complete(db);
            return db;
        } catch (RuntimeException | Error e) {
            mine.database().completeExceptionally(e);
            throw e;
        }
    }

    /** Makes {@code database}, owned by another scope, known here under its name. */
    void alias(DatabaseSpec spec, ManagedDatabase database) {
        Entry existing = entries.putIfAbsent(spec.name(), new Entry(spec, CompletableFuture.completedFuture(database),
                false));
        if (existing != null) {
            requireSame(existing.spec(), spec);
        }
    }

    /** Closes {@code closeable} when this scope ends (before its databases). */
    void track(AutoCloseable closeable) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the scope of " + describe() + " has ended");
            }
            tracked.add(closeable);
        }
    }

    /** Runs {@code undo} after the test body (used for fault rules armed for it). */
    void onTestEnd(Runnable undo) {
        synchronized (lock) {
            disarm.add(undo);
        }
    }

    /** A fault written on a parameter, for the database the parameter declares. */
    record PendingFault(FaultSpec fault, String database) {
    }

    /** Remembers a fault written on a test method's parameter, to arm before the body runs. */
    void addParameterFault(PendingFault fault) {
        synchronized (lock) {
            parameterFaults.add(fault);
        }
    }

    /** Returns the faults written on the test method's parameters. */
    List<PendingFault> parameterFaults() {
        synchronized (lock) {
            return List.copyOf(parameterFaults);
        }
    }

    /** Undoes what {@link #onTestEnd} registered, newest first. */
    void testEnded() {
        List<Runnable> undo;
        synchronized (lock) {
            undo = new ArrayList<>(disarm);
            disarm.clear();
            parameterFaults.clear();
        }
        Collections.reverse(undo);
        undo.forEach(Runnable::run);
    }

    static ManagedDatabase join(CompletableFuture<ManagedDatabase> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    static void requireSame(DatabaseSpec existing, DatabaseSpec wanted) {
        String difference = existing.difference(wanted);
        if (difference != null) {
            throw new ExtensionConfigurationException(existing.displayName() + " is declared twice with different "
                    + "settings, by " + existing.origin() + " and by " + wanted.origin() + " (" + difference
                    + "); give one of them another name");
        }
    }

    private boolean failed() {
        if (childFailed.get()) {
            return true;
        }
        return context != null && context.getExecutionException()
                .filter(t -> !(t instanceof TestAbortedException)).isPresent();
    }

    private String describe() {
        return context == null ? "the test run" : context.getDisplayName();
    }

    /**
     * Ends the scope: closes what was handed out, then the owned databases (keeping the replicas of a failed
     * scope), and reports where replicas were kept. Idempotent. Throws the first failure, with the others
     * suppressed.
     */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> handedOut;
        List<ManagedDatabase> databases;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            handedOut = new ArrayList<>(tracked);
            databases = new ArrayList<>(owned);
        }
        boolean failed = failed();
        if (failed) {
            for (ScopeState s = parent; s != null; s = s.parent) {
                s.childFailed.set(true);
            }
            for (Entry e : entries.values()) {
                if (!e.owned() && e.database().isDone() && !e.database().isCompletedExceptionally()) {
                    e.database().join().markFailed();
                }
            }
        }
        Exception problem = null;
        long start = System.nanoTime();
        Collections.reverse(handedOut);
        for (AutoCloseable c : handedOut) {
            problem = closeQuietly(c, problem);
        }
        if (!handedOut.isEmpty()) {
            jvm.timings().since("closeHandedOut", start);
        }
        Collections.reverse(databases);
        for (ManagedDatabase db : databases) {
            try {
                String kept = db.close(failed);
                if (kept != null) {
                    report(db, kept, failed);
                }
            } catch (Exception e) {
                problem = add(problem, e);
            }
        }
        if (problem != null) {
            throw problem;
        }
    }

    private void report(ManagedDatabase db, String where, boolean failed) {
        String why = failed ? "failed" : "kept by its cleanup mode";
        String message = "kept the replica of " + db.spec.displayName() + " (" + db.label + ") of " + describe()
                + " (" + why + "): " + where;
        LOG.log(System.Logger.Level.WARNING, "ltxkit " + message);
        if (context != null) {
            try {
                context.publishReportEntry(Map.of("ltxkit.keptReplica", message));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot publish the report entry", e);
            }
        }
    }

    private static Exception closeQuietly(AutoCloseable c, Exception problem) {
        try {
            c.close();
            return problem;
        } catch (Exception e) {
            return add(problem, e);
        }
    }

    private static Exception add(Exception problem, Exception e) {
        if (problem == null) {
            return e;
        }
        problem.addSuppressed(e);
        return problem;
    }

    JvmResources jvm() {
        return jvm;
    }
}
