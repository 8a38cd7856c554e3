package io.seedance.streams.topology;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator sees of each tenant: its queue, the seats it holds, its submissions, how long
 * its requests waited for them and how long its quotas held it. Tagged {@code tenant}, with a
 * bound: the first {@code labels} tenants this instance sees keep their own label, every later one
 * is counted under {@value #OTHER}. A label, once given, is kept for the life of the process, so a
 * counter never moves between series (which would break {@code rate()}); a restart starts afresh.
 *
 * <p>The wait histogram has a few fixed buckets ({@link #WAIT_BUCKETS}), not the levels' full
 * percentile histogram: its series are multiplied by the number of tenants.
 */
public final class TenantMetrics {

    /** The label of the tenants beyond the bound. */
    public static final String OTHER = "other";

    /** The wait buckets, from a second to six hours. */
    static final Duration[] WAIT_BUCKETS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(6)
    };

    /** One label's measures. */
    public static final class Tenant {
        private final String label;
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicInteger seats = new AtomicInteger();
        /** Kept here, not in Micrometer counters: a composite registry records nothing until a registry joins it. */
        private final AtomicLong submissions = new AtomicLong();

        private final AtomicLong overQuotaMillis = new AtomicLong();
        private final Timer waits;

        private Tenant(final String label, final MeterRegistry meters) {
            this.label = label;
            Gauge.builder("seedance.tenant.queued", queued, AtomicInteger::get)
                    .description("Requests of this tenant queued in this instance's stores")
                    .tag("tenant", label)
                    .register(meters);
            Gauge.builder("seedance.tenant.seats.in.use", seats, AtomicInteger::get)
                    .description("Tasks of this tenant unfinished upstream, on this instance")
                    .tag("tenant", label)
                    .register(meters);
            FunctionCounter.builder("seedance.tenant.submissions", submissions, AtomicLong::get)
                    .description("Generate calls granted to this tenant's requests")
                    .tag("tenant", label)
                    .register(meters);
            FunctionCounter.builder("seedance.tenant.over.quota", overQuotaMillis, m -> m.get() / 1000.0)
                    .description("Time this tenant's requests waited because it was at one of its quotas")
                    .baseUnit("seconds")
                    .tag("tenant", label)
                    .register(meters);
            waits = Timer.builder("seedance.tenant.wait")
                    .description("From receipt to submission, for this tenant's requests")
                    .tag("tenant", label)
                    .serviceLevelObjectives(WAIT_BUCKETS)
                    .register(meters);
        }

        /** The tenant's name, or {@value #OTHER}. */
        public String label() {
            return label;
        }

        public int queued() {
            return queued.get();
        }

        public int seats() {
            return seats.get();
        }

        public long submissions() {
            return submissions.get();
        }

        public Duration overQuota() {
            return Duration.ofMillis(overQuotaMillis.get());
        }
    }

    private final MeterRegistry meters;
    private final int labels;
    private final Map<String, Tenant> labelled = new ConcurrentHashMap<>();
    private final Tenant other;

    /** Measures in {@code meters}, with at most {@code labels} tenants under their own label. */
    TenantMetrics(final MeterRegistry meters, final int labels) {
        if (labels < 0) {
            throw new IllegalArgumentException("labels must not be negative, got " + labels);
        }
        this.meters = meters;
        this.labels = labels;
        this.other = new Tenant(OTHER, meters);
    }

    /** The measures {@code tenant} is counted in: its own, or {@value #OTHER}'s past the bound. */
    public Tenant of(final String tenant) {
        final Tenant found = labelled.get(tenant);
        if (found != null) {
            return found;
        }
        if (labelled.size() >= labels) {
            return other; // the labels never go, so past the bound no lock is needed (stream threads call this)
        }
        synchronized (labelled) {
            if (labelled.size() >= labels || OTHER.equals(tenant)) {
                return labelled.getOrDefault(tenant, other);
            }
            return labelled.computeIfAbsent(tenant, t -> new Tenant(t, meters));
        }
    }

    /**
     * The busiest {@code count} labels that have done anything, by requests queued, then seats held,
     * then submissions; {@value #OTHER} among them.
     */
    public List<Tenant> busiest(final int count) {
        final List<Tenant> all = new ArrayList<>(labelled.values());
        all.add(other);
        return all.stream()
                .filter(t -> t.queued() > 0 || t.seats() > 0 || t.submissions() > 0)
                .sorted(Comparator.comparingInt(Tenant::queued)
                        .thenComparingInt(Tenant::seats)
                        .thenComparingLong(Tenant::submissions)
                        .reversed()
                        .thenComparing(Tenant::label))
                .limit(count)
                .toList();
    }

    void queuedChanged(final String tenant, final int delta) {
        of(tenant).queued.addAndGet(delta);
    }

    void seatsChanged(final String tenant, final int delta) {
        of(tenant).seats.addAndGet(delta);
    }

    /** A request of {@code tenant} got its submission permit after waiting {@code waitMillis} since receipt. */
    void submitted(final String tenant, final long waitMillis) {
        final Tenant measures = of(tenant);
        measures.submissions.incrementAndGet();
        measures.waits.record(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
    }

    /** {@code tenant} was held by its quotas for {@code millis} more. */
    void heldByQuota(final String tenant, final long millis) {
        of(tenant).overQuotaMillis.addAndGet(millis);
    }
}
