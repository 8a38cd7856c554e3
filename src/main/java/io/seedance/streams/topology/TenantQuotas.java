package io.seedance.streams.topology;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This instance's share of each tenant's quotas: its cap on submissions per minute and on seats
 * (tasks unfinished upstream), both global per API key and so divided by the number of live
 * instances, as the upstream's own limits are. A tenant at its cap is passed over by the {@link
 * DispatchOrder}: its requests wait in the store, never fail for it, and the time it is held so
 * is counted in the {@link TenantMetrics}, as are the seats each tenant holds (this class is the
 * one tally of them).
 *
 * <p>Seats are counted for every tenant, capped or not, so that a cap set later applies to what
 * is already in flight. The submission cap is a {@link Pace} per capped tenant, made again when
 * the cap or the number of instances changes (keeping nothing: a new cap starts afresh).
 *
 * <p>Thread-safe: stream threads take and give back, the metrics thread reads.
 */
public final class TenantQuotas {

    /** One tenant's use of its quotas on this instance. */
    private static final class Use {
        final AtomicInteger seats = new AtomicInteger();
        volatile Pace pace;
        volatile int paceRate;
        /** When it was last found held by a cap. */
        long heldSeenAt = Long.MIN_VALUE;
    }

    private final TenantPolicies policies;
    private final Duration sweepInterval;
    private final TimeMeter clock;
    private final TenantMetrics metrics;
    private final Map<String, Use> uses = new ConcurrentHashMap<>();
    private volatile int instances = 1;

    /**
     * Quotas as {@code policies} say now, on {@code clock} (Bucket4j's; a test clock in unit tests),
     * counting the time a tenant is held by them in {@code metrics}.
     */
    public TenantQuotas(
            final TenantPolicies policies,
            final Duration sweepInterval,
            final TimeMeter clock,
            final TenantMetrics metrics) {
        this.policies = policies;
        this.sweepInterval = sweepInterval;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The policies whose caps these are. */
    public TenantPolicies policies() {
        return policies;
    }

    /** Takes this instance's share of every tenant's caps, given how many instances are live. */
    public void applyShare(final int liveInstances) {
        instances = Math.max(1, liveInstances);
    }

    /**
     * True when {@code tenant} may take a submission now: a seat and a permit of its per-minute cap
     * are free to it. Otherwise the time it is held so is counted from {@code now}.
     */
    boolean allows(final String tenant, final long now) {
        final TenantPolicy policy = policies.of(tenant);
        final Use use = use(tenant);
        final boolean allowed = hasSeat(use, policy) && hasPermit(use, policy);
        if (!allowed) {
            held(tenant, use, now);
        }
        return allowed;
    }

    /**
     * Takes a seat and a permit for one submission of {@code tenant}; false (taking nothing) when
     * its caps do not allow it now. Give them back with {@link #giveBack} when the submission does
     * not go after all; the seat's end is {@link #seatLeft}.
     */
    boolean tryTake(final String tenant, final long now) {
        final TenantPolicy policy = policies.of(tenant);
        final Use use = use(tenant);
        final int seatCap = share(policy.maxSeats());
        final int seats = use.seats.incrementAndGet();
        // The seat first, then the permit: a tenant without a seat must not spend its permits.
        if (seatCap > 0 && seats > seatCap || !takePermit(use, policy)) {
            use.seats.decrementAndGet();
            held(tenant, use, now);
            return false;
        }
        metrics.seatsChanged(tenant, 1);
        return true;
    }

    /** A submission taken by {@link #tryTake} did not go: its seat is free again (its permit is spent). */
    void giveBack(final String tenant) {
        seatLeft(tenant);
    }

    /** A task of {@code tenant} left the upstream (finished, or back to the queue). */
    void seatLeft(final String tenant) {
        use(tenant).seats.decrementAndGet();
        metrics.seatsChanged(tenant, -1);
    }

    /**
     * Tasks found in flight, by tenant, in a store this instance now owns; negative counts give
     * back the seats of a store it no longer owns.
     */
    void seatsAdopted(final Map<String, Integer> byTenant) {
        byTenant.forEach((tenant, seats) -> {
            use(tenant).seats.addAndGet(seats);
            metrics.seatsChanged(tenant, seats);
        });
    }

    /** The seats {@code tenant} holds on this instance. */
    public int seats(final String tenant) {
        final Use use = uses.get(tenant);
        return use == null ? 0 : use.seats.get();
    }

    /** The seats all tenants hold on this instance. */
    public int seatsInUse() {
        return uses.values().stream().mapToInt(use -> use.seats.get()).sum();
    }

    /** This instance's share of a global cap (0 for none): at least one, so a capped tenant still moves. */
    private int share(final int cap) {
        return cap == 0 ? 0 : Math.max(1, cap / instances);
    }

    private boolean hasSeat(final Use use, final TenantPolicy policy) {
        final int cap = share(policy.maxSeats());
        return cap == 0 || use.seats.get() < cap;
    }

    private boolean takePermit(final Use use, final TenantPolicy policy) {
        final Pace pace = pace(use, policy);
        return pace == null || pace.tryTake();
    }

    private boolean hasPermit(final Use use, final TenantPolicy policy) {
        final Pace pace = pace(use, policy);
        return pace == null || pace.available() > 0;
    }

    /** The tenant's pace for its share of its per-minute cap; null when it has none. */
    private Pace pace(final Use use, final TenantPolicy policy) {
        final int rate = share(policy.maxSubmitsPerMinute());
        if (rate == 0) {
            use.pace = null;
            use.paceRate = 0;
            return null;
        }
        if (use.paceRate != rate) {
            synchronized (use) {
                if (use.paceRate != rate) {
                    use.pace = new Pace(rate, sweepInterval, clock);
                    use.paceRate = rate;
                }
            }
        }
        return use.pace;
    }

    /**
     * Counts the time a tenant is held by its caps: each finding adds the time since the last one,
     * when that was recent (within two sweeps: several partitions ask each sweep); a first finding
     * after a while adds nothing, so a tenant held now and then is not charged for the time between.
     */
    private void held(final String tenant, final Use use, final long now) {
        final long since;
        synchronized (use) {
            since = use.heldSeenAt == Long.MIN_VALUE ? 0 : now - use.heldSeenAt;
            use.heldSeenAt = Math.max(use.heldSeenAt, now);
        }
        if (since > 0 && since <= 2 * sweepInterval.toMillis()) {
            metrics.heldByQuota(tenant, since);
        }
    }

    private Use use(final String tenant) {
        return uses.computeIfAbsent(tenant, t -> new Use());
    }
}
