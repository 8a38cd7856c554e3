package io.seedance.streams.topology;

import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.seedance.streams.schemas.Priority;
import io.seedance.streams.upstream.ApiOutcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an upstream call may go now, for every processor of this instance together.
 * It asks, in order and without ever waiting: a pause after a 429, the bound on concurrent calls,
 * the bound on tasks in flight (submissions only, keeping each level's {@linkplain
 * Levels#reservedSeats reserved seats} for it), the Resilience4j circuit breaker and the {@link
 * Pace} of each kind of call. Limits that are global per API key are divided by the number of live
 * instances.
 *
 * <p>Thread-safe: permissions are asked on stream threads, calls finish on HTTP client threads.
 */
public final class UpstreamGate {

    /** The two kinds of upstream call. */
    public enum Call {
        SUBMIT,
        QUERY
    }

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamGate.class);

    private final ProcessorConfig config;
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreaker breaker;
    private final Pace submits;
    private final Pace queries;
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private final Seats seats;
    /** Calls granted whose outcome has not yet been applied to the store. */
    private final AtomicInteger unapplied = new AtomicInteger();

    private volatile boolean draining;
    private volatile int instances;
    private volatile long submitsPausedUntil;
    private volatile long queriesPausedUntil;
    private volatile boolean unauthorized;
    /** What the last call counted against the circuit ended with. */
    private volatile String lastFailure;

    public UpstreamGate(final ProcessorConfig config) {
        this(config, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** A gate whose paces read {@code clock} (a test clock in unit tests). */
    public UpstreamGate(final ProcessorConfig config, final TimeMeter clock) {
        this.config = config;
        this.seats = new Seats(config.levels());
        this.submits = new Pace(config.submitsPerMinute(), config.sweepInterval(), clock);
        this.queries = new Pace(config.queriesPerMinute(), config.sweepInterval(), clock);
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.circuitWindow())
                .minimumNumberOfCalls(Math.max(1, config.circuitWindow() / 2))
                .failureRateThreshold(config.circuitFailureRate())
                .waitDurationInOpenState(config.circuitOpenTime())
                .permittedNumberOfCallsInHalfOpenState(config.circuitHalfOpenCalls())
                .build());
        this.breaker = breakers.circuitBreaker("seedance");
        // The failure that opened it, in the same line: a TLS or DNS problem then reads at once.
        breaker.getEventPublisher()
                .onStateTransition(event -> LOG.warn(
                        "Upstream circuit {}{}",
                        event.getStateTransition(),
                        event.getStateTransition().getToState() == CircuitBreaker.State.OPEN && lastFailure != null
                                ? "; last failure: " + lastFailure
                                : ""));
        applyShare(1);
    }

    /**
     * Takes this instance's share of the global limits, given how many instances of the
     * application are live: adding instances never multiplies the load on the upstream.
     */
    public void applyShare(final int liveInstances) {
        final int n = Math.max(1, liveInstances);
        if (n == instances) {
            return;
        }
        instances = n;
        submits.changeRate(Math.max(1, config.submitsPerMinute() / n));
        queries.changeRate(Math.max(1, config.queriesPerMinute() / n));
        seats.share(Math.max(1, config.maxTasksInFlight() / n));
        LOG.info(
                "Upstream share for {} live instance(s): {} submits/min, {} queries/min, {} tasks in flight",
                n,
                Math.max(1, config.submitsPerMinute() / n),
                Math.max(1, config.queriesPerMinute() / n),
                seats.share());
    }

    /** As {@link #tryAcquire(Call, Priority, long)}; a submission takes a seat of the STANDARD level. */
    boolean tryAcquire(final Call call, final long now) {
        return tryAcquire(call, Priority.STANDARD, now);
    }

    /**
     * Permission for one call now, a submission taking a seat of {@code level}; on true the caller
     * must report the call's end to {@link #finished} (and a seat's end to {@link #taskLeft}).
     */
    boolean tryAcquire(final Call call, final Priority level, final long now) {
        if (draining || now < (call == Call.SUBMIT ? submitsPausedUntil : queriesPausedUntil)) {
            return false;
        }
        // Bounds are reserved before the other checks and given back on refusal: several stream
        // threads ask at once, and a check followed by a separate increment lets them all pass.
        if (!reserve(callsInFlight, config.maxConcurrentCalls())) {
            return false;
        }
        if (call == Call.SUBMIT && !seats.tryTake(level, now)) {
            callsInFlight.decrementAndGet();
            return false;
        }
        if (!breaker.tryAcquirePermission()) {
            release(call, level);
            return false;
        }
        if (!(call == Call.SUBMIT ? submits : queries).tryTake()) {
            breaker.releasePermission();
            release(call, level);
            return false;
        }
        unapplied.incrementAndGet();
        return true;
    }

    private static boolean reserve(final AtomicInteger count, final int bound) {
        if (count.incrementAndGet() > bound) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * How many submissions of {@code level} could go now: the pace's permits, bounded by the seats
     * free to that level.
     */
    public long submissionsAvailable(final Priority level) {
        return Math.min(seats.freeTo(level), submits.available());
    }

    /**
     * {@code level} has a request ready that no free seat lets go: the gate learns the level's
     * demand for seats, which its reserve follows (see {@link Seats}).
     */
    public void seatWanted(final Priority level, final long now) {
        seats.wanted(level, now);
    }

    private void release(final Call call, final Priority level) {
        callsInFlight.decrementAndGet();
        if (call == Call.SUBMIT) {
            seats.release(level);
        }
    }

    /** A permitted call that will not be made after all (the instance is draining). */
    void cancelled() {
        callsInFlight.decrementAndGet();
        unapplied.decrementAndGet();
        breaker.releasePermission();
    }

    /** The outcome of a permitted call was applied to the store (or dropped with its processor). */
    void applied() {
        unapplied.decrementAndGet();
    }

    /**
     * Grants no more permits, so that the calls in flight can finish and be recorded before the
     * instance closes: a clean stop then leaves no task whose submission outcome is unknown.
     */
    public void drain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Calls granted whose outcome is not yet in the store. */
    public int unappliedCalls() {
        return unapplied.get();
    }

    /**
     * A permitted call ended (on whatever thread). 5xx, timeouts, I/O errors, unreadable answers
     * and 401s count against the circuit; 400, 404 and 429 do not.
     */
    void finished(final ApiOutcome outcome, final long durationNanos) {
        callsInFlight.decrementAndGet();
        if (outcome instanceof ApiOutcome.Transient failure && failure.signalsUnhealthyUpstream()) {
            lastFailure = failure.cause() + ": " + failure.detail();
            breaker.onError(
                    durationNanos,
                    TimeUnit.NANOSECONDS,
                    new UpstreamFailure(failure.cause() + ": " + failure.detail()));
        } else if (outcome instanceof ApiOutcome.Unauthorized denied) {
            breaker.onError(durationNanos, TimeUnit.NANOSECONDS, new UpstreamFailure("HTTP " + denied.httpStatus()));
        } else {
            breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The upstream said 429: stop asking until {@code retryAfter} has passed (from {@code now}, the
     * moment of the answer). The pace is not drained: 429s come in bursts (every call sent into a
     * full window gets one), and draining on each threw away what accrued meanwhile (docs/design.md,
     * "The pace"); the pause already holds the calls back.
     */
    void rateLimited(final Call call, final Duration retryAfter, final long now) {
        final long until = now + retryAfter.toMillis();
        if (call == Call.SUBMIT) {
            submitsPausedUntil = Math.max(submitsPausedUntil, until);
        } else {
            queriesPausedUntil = Math.max(queriesPausedUntil, until);
        }
    }

    /** A task of {@code level} this instance owns left the upstream (finished, or back to the queue). */
    void taskLeft(final Priority level) {
        seats.release(level);
    }

    /**
     * Tasks found in flight, by level, in a store that this instance now owns (after a restart or a
     * rebalance); negative counts give back the seats of a store it no longer owns.
     */
    void tasksAdopted(final int[] byLevel) {
        seats.adopted(byLevel);
    }

    void authorized(final boolean ok) {
        if (unauthorized == ok) {
            unauthorized = !ok;
            if (ok) {
                LOG.info("The upstream accepts the API key again");
            } else {
                LOG.error("The upstream rejects the API key (HTTP 401/403): requests wait in the store until"
                        + " the key is fixed; the service reports itself unhealthy");
            }
        }
    }

    /** False after the upstream answered 401/403, until a call succeeds again. */
    public boolean isAuthorized() {
        return !unauthorized;
    }

    /** How many live instances this instance's share was last computed for. */
    public int liveInstances() {
        return instances;
    }

    /** Permits of this kind of call that could be taken now. */
    public long permitsAvailable(final Call call) {
        return (call == Call.SUBMIT ? submits : queries).available();
    }

    /** The registry holding the circuit breaker, for Resilience4j's metrics. */
    public CircuitBreakerRegistry circuitBreakers() {
        return breakers;
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** Calls granted whose answer has not come back yet. */
    public int callsInFlight() {
        return callsInFlight.get();
    }

    public int tasksInFlight() {
        return seats.inUse();
    }

    /** The seats {@code level} holds: its tasks in flight upstream. */
    public int seatsInUse(final Priority level) {
        return seats.inUse(level);
    }

    /** The seats only {@code level} may take now: its reserve, raised to its recent demand. */
    public int seatsReserved(final Priority level) {
        return seats.reserved(level);
    }
}
