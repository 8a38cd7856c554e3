package io.seedance.streams.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.seedance.streams.upstream.ApiOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the processor measures: event counters, tasks by state, upstream call latency, end-to-end
 * latency and credits consumed. Meters live in a Micrometer composite registry that the operations
 * endpoint joins to its Prometheus registry; without one they cost nothing.
 */
public final class ProcessorMetrics {

    /** The events counted. */
    public enum Counter {
        REQUESTS_ACCEPTED,
        REQUESTS_DUPLICATE,
        REQUESTS_INVALID,
        SUBMISSIONS_ACCEPTED,
        SUBMISSIONS_REJECTED,
        SUBMISSIONS_FAILED_TRANSIENT,
        QUERIES,
        QUERIES_FAILED_TRANSIENT,
        UNKNOWN_STATUS,
        RATE_LIMITED,
        UNAUTHORIZED,
        COMPLETED,
        FAILED,
        OUTCOME_UNKNOWN_RESUBMITTED,
        OUTCOME_UNKNOWN_FAILED,
        OUTCOME_RECOVERED_BY_CALLBACK,
        CALLBACKS_ACCEPTED,
        CALLBACKS_REJECTED,
        CALLBACK_SIGNALS_APPLIED,
        CALLBACK_SIGNALS_IGNORED,
        /** Tasks ended by a verified webhook's report, without a query. */
        CALLBACK_REPORTS_APPLIED,
        /** Requests cancelled before any upstream call (video-failed CANCELLED). */
        CANCELS_APPLIED,
        /** Cancels that came after the submission went out: the video is still delivered. */
        CANCELS_TOO_LATE,
        /** Cancels read before their request: kept, the request ends CANCELLED when it comes. */
        CANCELS_EARLY,
        /** Cancels of finished requests, and repeated cancels. */
        CANCELS_IGNORED,
        /** Cancels naming another tenant than the request's, or with a bad request_id. */
        CANCELS_REFUSED,
        /** Reservations a tenant's ledger granted. */
        BUDGET_GRANTED,
        /** Reservations that did not fit and wait for room (HOLD). */
        BUDGET_HELD,
        /** Reservations that did not fit and failed the request (BUDGET_EXCEEDED). */
        BUDGET_REFUSED,
        /** Requests charged more than was reserved for them. */
        BUDGET_OVERRUNS,
        /** Budget alerts published. */
        BUDGET_ALERTS,
        /** Videos copied to the store before their video-completed. */
        VIDEOS_STORED,
        /** Copies that failed and are tried again. */
        STORAGE_FAILED_TRANSIENT,
        /** Videos delivered without a stored copy: the link expired, the cap, or the store failed until the give-up. */
        STORAGE_GAVE_UP
    }

    /** A terminal event, as the status page lists it. */
    public record Recent(String requestId, String result, long at, String detail, long endToEndMillis) {}

    private static final int RECENT = 10;

    /** Tenants under their own label when none is configured (metrics.tenant.labels). */
    public static final int DEFAULT_TENANT_LABELS = 50;

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);
    private final Deque<Recent> recent = new ArrayDeque<>();
    private final Set<Supplier<OptionalLong>> oldestSources = ConcurrentHashMap.newKeySet();
    private final AtomicIntegerArray tasksByPhase = new AtomicIntegerArray(TaskPhase.values().length);
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final io.micrometer.core.instrument.Counter credits;
    private final LevelMetrics levels;
    private final TenantMetrics tenants;
    private final BudgetMetrics budgets;
    private final Clock clock;

    public ProcessorMetrics() {
        this(Clock.systemUTC());
    }

    /** Metrics whose ages ({@code seedance_oldest_live_task_seconds}) are read off {@code clock}. */
    public ProcessorMetrics(final Clock clock) {
        this(clock, DEFAULT_TENANT_LABELS);
    }

    /**
     * Metrics whose ages are read off {@code clock}, with at most {@code tenantLabels} tenants under
     * their own label (the rest under {@value TenantMetrics#OTHER}).
     */
    public ProcessorMetrics(final Clock clock, final int tenantLabels) {
        this.clock = clock;
        for (final Counter counter : Counter.values()) {
            counters.put(counter, new LongAdder());
        }
        for (final TaskPhase phase : TaskPhase.values()) {
            Gauge.builder("seedance.tasks", tasksByPhase, t -> t.get(phase.ordinal()))
                    .description("Tasks in this instance's stores, by state (DONE: markers kept for deduplication)")
                    .tag("state", phase.name())
                    .register(meters);
        }
        Gauge.builder("seedance.oldest.live.task", this, ProcessorMetrics::oldestLiveTaskSeconds)
                .description("Age of the oldest request not yet terminal")
                .baseUnit("seconds")
                .register(meters);
        credits = io.micrometer.core.instrument.Counter.builder("seedance.credits.consumed")
                .description("Credits the upstream charged for completed videos")
                .register(meters);
        levels = new LevelMetrics(meters);
        tenants = new TenantMetrics(meters, tenantLabels);
        budgets = new BudgetMetrics(meters);
    }

    /** The measures of each tenant, with a bounded number of labels. */
    public TenantMetrics tenants() {
        return tenants;
    }

    public BudgetMetrics budgets() {
        return budgets;
    }

    /** The measures of each priority level. */
    public LevelMetrics levels() {
        return levels;
    }

    /** The registry the meters live in; add a real registry to it to publish them. */
    public CompositeMeterRegistry meterRegistry() {
        return meters;
    }

    /** Tasks of this instance currently in {@code phase}. */
    public int tasks(final TaskPhase phase) {
        return tasksByPhase.get(phase.ordinal());
    }

    void phaseChanged(final TaskPhase from, final TaskPhase to) {
        if (from != null) {
            tasksByPhase.decrementAndGet(from.ordinal());
        }
        if (to != null) {
            tasksByPhase.incrementAndGet(to.ordinal());
        }
    }

    /** A processor closed: its tasks are no longer this instance's. */
    void tasksLeft(final int[] byPhase) {
        for (int i = 0; i < byPhase.length; i++) {
            tasksByPhase.addAndGet(i, -byPhase[i]);
        }
    }

    void upstreamCall(final UpstreamGate.Call call, final ApiOutcome outcome, final long nanos) {
        final String result = outcome instanceof ApiOutcome.Transient failure
                ? failure.cause().name().toLowerCase(Locale.ROOT)
                : outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        Timer.builder("seedance.upstream.latency")
                .description("Seedance API call latency")
                .tag("call", call.name().toLowerCase(Locale.ROOT))
                .tag("outcome", result)
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void endToEnd(final String result, final long millis) {
        Timer.builder("seedance.end.to.end.latency")
                .description("From requested_at to the terminal event")
                .tag("result", result)
                .publishPercentileHistogram()
                .register(meters)
                .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    synchronized void finished(final Recent event) {
        recent.addFirst(event);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    /** The latest terminal events, newest first. */
    public synchronized List<Recent> recent() {
        return List.copyOf(recent);
    }

    /** Mean end-to-end latency of the latest completions, in seconds; 0 when there are none. */
    public synchronized double meanEndToEndSeconds() {
        return recent.stream()
                        .filter(r -> r.result().equals("completed"))
                        .mapToLong(Recent::endToEndMillis)
                        .average()
                        .orElse(0)
                / 1000.0;
    }

    void failure(final String error, final String category) {
        io.micrometer.core.instrument.Counter.builder("seedance.failures")
                .description("video-failed events, by error and by category (what to do about it)")
                .tag("error", error)
                .tag("category", category)
                .register(meters)
                .increment();
    }

    /** A processor's view of its oldest live task (its receipt time, or empty). */
    void watchOldest(final Supplier<OptionalLong> oldestReceivedAt) {
        oldestSources.add(oldestReceivedAt);
    }

    void unwatchOldest(final Supplier<OptionalLong> oldestReceivedAt) {
        oldestSources.remove(oldestReceivedAt);
    }

    /** Age of the oldest request not yet terminal, in seconds; 0 when there is none. */
    public double oldestLiveTaskSeconds() {
        final long now = clock.millis();
        return oldestSources.stream()
                .map(Supplier::get)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min()
                .stream()
                .mapToDouble(oldest -> Math.max(0, now - oldest) / 1000.0)
                .findFirst()
                .orElse(0);
    }

    void consumed(final String decimal) {
        if (decimal != null) {
            try {
                credits.increment(new BigDecimal(decimal.strip()).doubleValue());
            } catch (final NumberFormatException ignored) {
                // The upstream's own spelling; a value we cannot read is simply not counted.
            }
        }
    }

    public void increment(final Counter counter) {
        counters.get(counter).increment();
    }

    public long count(final Counter counter) {
        return counters.get(counter).sum();
    }
}
