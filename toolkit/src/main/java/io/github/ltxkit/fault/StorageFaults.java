package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaOperation;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A controller that breaks replica storage on purpose and records what happened: it holds fault rules, wraps
 * {@link ReplicaClient}s so their requests meet those rules, and keeps a {@link RequestJournal} of every request and
 * a list of every fault it injected.
 *
 * <pre>{@code
 * StorageFaults faults = StorageFaults.seeded(42);
 * ReplicaClient client = faults.wrap(realClient);       // or hand faults::wrap to whatever builds clients
 * faults.on(READ).matching("0/*").times(2).inject(Fault.slowDown());
 * faults.onAny().probability(0.05).inject(Fault.serverError());
 * ...
 * assertThat(faults.injected()).hasSize(2);
 * faults.journal().assertNoWholeObjectReads();
 * }</pre>
 *
 * <h2>How rules apply</h2>
 * For each request, a {@link #partition()} fails it at once. Otherwise the rules are consulted in the order they
 * were added: each rule that matches the request counts it, and injects its fault if its {@link Trigger} fires. A
 * fault that fails the request (an error response, a reset, a partition) ends the consultation, so later rules
 * neither inject nor count that request. The other faults combine: latencies add up, the slowest bandwidth and the
 * shortest truncated body win, a listing hides the most files any rule asks for, and any ambiguous-write rule loses
 * the response.
 *
 * <h2>Determinism</h2>
 * Each rule draws its probabilities and latency jitter from its own {@link java.util.Random}, seeded from the
 * controller's seed and the rule's index (0 for the first rule ever added to this controller, counting removed
 * ones), unless the rule has a seed of its own ({@link FaultRuleBuilder#seed(long)}). Requests are numbered and
 * consulted under one lock, in the same order, so the same seed, rules and sequence of requests inject the same
 * faults into the same request numbers. Concurrent requests stay consistent
 * but their order, and so which of them gets a fault, is up to the scheduler.
 *
 * <p>Thread-safe: rules may change while requests run; a request sees the rules as they were when it started.
 */
public final class StorageFaults {
    private static final System.Logger LOG = System.getLogger(StorageFaults.class.getName());

    private final long seed;
    private final RequestJournal journal;
    private final Object lock = new Object();
    /** Guarded by {@code lock}; in the order added. */
    private final List<RuleState> rules = new ArrayList<>();
    /** Guarded by {@code lock}; the most recent, at most the journal's capacity. */
    private final ArrayDeque<InjectedFault> injected = new ArrayDeque<>();
    /** Guarded by {@code lock}; how many rules were ever added, which gives the next rule its index. */
    private long rulesAdded;
    /** Guarded by {@code lock}. */
    private boolean partitioned;

    /** Creates a controller with {@code seed} and a journal of {@value RequestJournal#DEFAULT_CAPACITY} requests. */
    public StorageFaults(long seed) {
        this(seed, RequestJournal.DEFAULT_CAPACITY);
    }

    /**
     * Creates a controller with {@code seed} whose journal, and list of injected faults, keep the most recent
     * {@code journalCapacity} entries.
     */
    public StorageFaults(long seed, int journalCapacity) {
        this.seed = seed;
        this.journal = new RequestJournal(journalCapacity);
    }

    /** Returns a controller with {@code seed}; the same as {@code new StorageFaults(seed)}. */
    public static StorageFaults seeded(long seed) {
        return new StorageFaults(seed);
    }

    /** Returns the seed the rules' randoms derive from. */
    public long seed() {
        return seed;
    }

    /**
     * Returns a client that sends every request to {@code client} through this controller's rules and journal.
     * Closing it closes {@code client}. Usable as a {@code UnaryOperator<ReplicaClient>}: {@code faults::wrap}.
     */
    public ReplicaClient wrap(ReplicaClient client) {
        return new FaultInjectingReplicaClient(Objects.requireNonNull(client, "client"), this);
    }

    /** Starts a rule for requests of the given operations. */
    public FaultRuleBuilder on(ReplicaOperation operation, ReplicaOperation... more) {
        Objects.requireNonNull(operation, "operation");
        return new FaultRuleBuilder(this, EnumSet.of(operation, more));
    }

    /** Starts a rule for requests of every operation the injected fault can affect. */
    public FaultRuleBuilder onAny() {
        return new FaultRuleBuilder(this, null);
    }

    /** Adds {@code rule} after the existing rules, with fresh counts, and returns it. */
    public FaultRule add(FaultRule rule) {
        return add(rule, null);
    }

    /**
     * Adds {@code rule} like {@link #add(FaultRule)}; with a {@code ruleSeed}, its random is seeded as the first rule
     * of a controller seeded with {@code ruleSeed} would be (see {@link FaultRuleBuilder#seed(long)}).
     */
    FaultRule add(FaultRule rule, Long ruleSeed) {
        Objects.requireNonNull(rule, "rule");
        synchronized (lock) {
            long index = rulesAdded++;
            rules.add(ruleSeed == null ? new RuleState(rule, seed, index) : new RuleState(rule, ruleSeed, 0));
        }
        LOG.log(Level.DEBUG, () -> "fault rule added: " + rule);
        return rule;
    }

    /** Removes the earliest added rule equal to {@code rule}; returns whether there was one. */
    public boolean remove(FaultRule rule) {
        synchronized (lock) {
            for (Iterator<RuleState> it = rules.iterator(); it.hasNext(); ) {
                if (it.next().rule.equals(rule)) {
                    it.remove();
                    return true;
                }
            }
            return false;
        }
    }

    /** Removes every rule; a partition stays until {@link #heal()}. */
    public void clearRules() {
        synchronized (lock) {
            rules.clear();
        }
    }

    /** Returns the rules, in the order they are consulted. */
    public List<FaultRule> rules() {
        synchronized (lock) {
            return rules.stream().map(s -> s.rule).toList();
        }
    }

    /**
     * Cuts storage off: from now until {@link #heal()}, every request through a wrapped client fails with a
     * {@link io.github.ltxkit.replica.TransientReplicaException} "network partition (injected)" before it reaches
     * storage, and is recorded as a {@link Fault.Partition} injected by no rule. Rules are not consulted meanwhile.
     */
    public void partition() {
        synchronized (lock) {
            partitioned = true;
        }
        LOG.log(Level.DEBUG, "storage partitioned");
    }

    /** Ends a {@link #partition()}; requests reach storage (and the rules) again. */
    public void heal() {
        synchronized (lock) {
            partitioned = false;
        }
        LOG.log(Level.DEBUG, "storage partition healed");
    }

    /** Returns whether storage is cut off by {@link #partition()}. */
    public boolean isPartitioned() {
        synchronized (lock) {
            return partitioned;
        }
    }

    /** Returns the faults injected so far (the most recent, up to the journal's capacity), oldest first. */
    public List<InjectedFault> injected() {
        synchronized (lock) {
            return List.copyOf(injected);
        }
    }

    /** Returns the journal of requests through this controller's clients. */
    public RequestJournal journal() {
        return journal;
    }

    /** Removes every rule, heals a partition, and forgets the injected faults and the journal's requests. */
    public void reset() {
        synchronized (lock) {
            rules.clear();
            partitioned = false;
            injected.clear();
            journal.clear();
        }
    }

    /**
     * Starts a request: numbers it in the journal and decides its faults, both under the lock so that requests are
     * numbered in the order the rules see them.
     */
    ActiveRequest begin(Request request) {
        synchronized (lock) {
            JournalEntry entry = journal.begin(request);
            InjectionPlan plan = new InjectionPlan();
            if (partitioned) {
                record(entry, plan, Fault.partition(), null);
            } else {
                for (RuleState state : rules) {
                    if (state.rule.matches(request) && state.fires() && !record(entry, plan, state.rule.fault(),
                            state)) {
                        break;
                    }
                }
            }
            if (!plan.faults().isEmpty()) {
                journal.injected(entry, plan.faults());
            }
            return new ActiveRequest(journal, entry, plan);
        }
    }

    /** Guarded by {@code lock} (the caller holds it). Returns {@code false} if the fault fails the request. */
    private boolean record(JournalEntry entry, InjectionPlan plan, Fault fault, RuleState state) {
        InjectedFault injection = new InjectedFault(entry.sequence, entry.request.operation(),
                entry.request.target(), fault, Optional.ofNullable(state).map(s -> s.rule));
        injected.addLast(injection);
        while (injected.size() > journal.capacity()) {
            injected.removeFirst();
        }
        LOG.log(Level.DEBUG, () -> "injected " + injection);
        return plan.add(fault, state == null ? null : state.random);
    }
}
