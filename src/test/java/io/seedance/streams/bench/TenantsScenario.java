package io.seedance.streams.bench;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.simulator.RateWindow;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.topology.Levels;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.topology.SweepCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler under load (issue 15): a BATCH flood against an interactive trickle, weighted and
 * equal tenants, saturation, dispatch cost with many tenants, and the partitions of an instance.
 * Every figure is measured at the upstream: when the service asked it to generate each request.
 */
final class TenantsScenario {

    /** The upstream of the flood: R submissions a minute, seats (unfinished tasks), generation time. */
    static final int RATE = 600;

    static final int SEATS = 100;
    static final Duration GENERATION = Duration.ofSeconds(20);
    static final Duration FLOOD = Duration.ofSeconds(180);
    /** Throughput and shares are measured after this, when the seats have filled and freed once. */
    static final Duration WARM_UP = Duration.ofSeconds(30);

    static final long SWEEP_MILLIS = 200;

    private TenantsScenario() {}

    static List<Table> run(final Arena arena) throws Exception {
        final Table table = new Table(
                "Tenants: the scheduler sharing one API key (R = " + RATE + "/min, " + SEATS + " seats, "
                        + GENERATION.toSeconds() + " s generations unless said)",
                "measure",
                "target",
                "measured",
                "met");
        dispatchCost(table);
        flood(arena, table, 1, 20);
        flood(arena, table, 2, 20);
        flood(arena, table, 1, 25);
        weights(arena, table);
        equalTenants(arena, table);
        partitions(arena, table);
        table.note("Waits run from producing a request to the service's generate call for it (so they include"
                + " Kafka's delivery and the intake); shares are of seconds of video, over every 60 s window"
                + " (5 s apart) after a " + WARM_UP.toSeconds() + " s warm-up. What is left to A is the upstream's"
                + " capacity, min(R, seats x 60 / G) = " + capacity() + "/min, less B's submissions.");
        return List.of(table);
    }

    /** Only the fairness rows: 1,000 equal tenants and the partitions of an instance. */
    static List<Table> runFairness(final Arena arena) throws Exception {
        final Table table =
                new Table("Tenants: 1,000 equal tenants, and partitions", "measure", "target", "measured", "met");
        equalTenants(arena, table);
        partitions(arena, table);
        return List.of(table);
    }

    /** Only the flood rows (one and two instances). */
    static List<Table> runFlood(final Arena arena) throws Exception {
        final Table table = new Table(
                "Tenants: the BATCH flood and the interactive trickle", "measure", "target", "measured", "met");
        flood(arena, table, 1, 20);
        flood(arena, table, 2, 20);
        flood(arena, table, 1, 25);
        return List.of(table);
    }

    /** Tenant A floods 10,000 BATCH requests while tenant B sends an INTERACTIVE one a second. */
    private static void flood(final Arena arena, final Table table, final int instances, final int reserve)
            throws Exception {
        final int defaultReserve = Levels.defaults().reservedSeats(Priority.INTERACTIVE, 100);
        final String where = (instances == 1 ? "" : ", " + instances + " instances")
                + (reserve == defaultReserve ? "" : ", INTERACTIVE reserve " + reserve + "%");
        final ProcessorConfig config = config(
                RATE,
                SEATS,
                Levels.defaults().with(Priority.INTERACTIVE, Levels.defaults().share(Priority.INTERACTIVE), reserve));
        try (TenantRun run = new TenantRun(
                arena.kafka(), arena.registryUrl(), instances, upstream(RATE, SEATS, GENERATION), config, Map.of())) {
            for (int i = 0; i < 10_000; i++) {
                run.send("A-" + i, "A", Priority.BATCH, 5);
            }
            final AtomicInteger trickle = new AtomicInteger();
            final AtomicLong floodRead = new AtomicLong(Long.MAX_VALUE);
            final ScheduledExecutorService b = Executors.newScheduledThreadPool(2);
            b.scheduleAtFixedRate(
                    () -> {
                        final int n = trickle.getAndIncrement();
                        run.send("B-" + n, "B", Priority.INTERACTIVE, 5);
                        run.flush();
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            // When the services have read the whole flood: a request behind it in its partition waits for that.
            b.scheduleAtFixedRate(
                    () -> {
                        if (floodRead.get() == Long.MAX_VALUE && run.accepted() >= 10_000) {
                            floodRead.set(System.currentTimeMillis());
                        }
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            run.runUntil(FLOOD);
            b.shutdownNow();
            b.awaitTermination(10, TimeUnit.SECONDS);
            final long end = System.currentTimeMillis();
            // B's requests of the flood's window, every one: one never submitted counts as waiting until now.
            final List<TenantRun.Sent> bs = run.sent().stream()
                    .filter(s -> s.tenant().equals("B") && s.atMillis() <= run.started() + FLOOD.toMillis() - 5_000)
                    .toList();
            final long[] waits = waits(run, bs, end);
            dump(run, bs, "target/bench-tenants-b-" + instances + "-" + reserve + ".csv");
            final long[] afterRead = waits(
                    run, bs.stream().filter(s -> s.atMillis() > floodRead.get()).toList(), end);
            final double p99 = percentile(waits, 0.99) / 1000.0;
            final double worst = waits[waits.length - 1] / 1000.0;
            table.row(
                    "B's wait, receipt to submission, p99 / worst"
                            + (where.isEmpty() ? "" : " (" + where.substring(2) + ")"),
                    "≤ 3 s / ≤ 10 s",
                    String.format(
                            "%.2f s / %.2f s (median %.2f s, %d requests); sent after the flood was read (%.1f s"
                                    + " in): p99 %.2f s, worst %.2f s",
                            p99,
                            worst,
                            percentile(waits, 0.5) / 1000.0,
                            waits.length,
                            (floodRead.get() - run.started()) / 1000.0,
                            percentile(afterRead, 0.99) / 1000.0,
                            afterRead.length == 0 ? Double.NaN : afterRead[afterRead.length - 1] / 1000.0),
                    p99 <= 3 && worst <= 10 ? "met" : "missed");
            if (where.isEmpty()) {
                final long from = run.started() + 60_000;
                final long to = run.started() + FLOOD.toMillis();
                final double minutes = (to - from) / 60_000.0;
                final List<TenantRun.Submitted> steady = run.submitted().stream()
                        .filter(s -> s.atMillis() >= from && s.atMillis() < to)
                        .toList();
                final double aPerMinute = steady.stream()
                                .filter(s -> s.request().tenant().equals("A"))
                                .count()
                        / minutes;
                final double bPerMinute = steady.stream()
                                .filter(s -> s.request().tenant().equals("B"))
                                .count()
                        / minutes;
                final double left = capacity() - bPerMinute;
                table.row(
                        "A's throughput during the flood, ÷ what is left",
                        "≥ 0.9",
                        String.format(
                                "%.2f (%.0f/min of %.0f left; B %.0f/min; 429s: %d)",
                                aPerMinute / left, aPerMinute, left, bPerMinute, run.rateLimited()),
                        aPerMinute / left >= 0.9 ? "met" : "missed");
            }
        }
    }

    /** Three tenants with weights 1 : 2 : 5, all backlogged, asking for 15 s, 5 s and 10 s videos. */
    private static void weights(final Arena arena, final Table table) throws Exception {
        final Duration window = Duration.ofSeconds(150);
        final Map<String, Integer> weight = Map.of("w1", 1, "w2", 2, "w5", 5);
        final Map<String, Integer> seconds = Map.of("w1", 15, "w2", 5, "w5", 10);
        final Map<String, String> policies = new HashMap<>();
        weight.forEach((tenant, w) -> policies.put(tenant, "{\"weight\":" + w + "}"));
        try (TenantRun run = new TenantRun(
                arena.kafka(),
                arena.registryUrl(),
                1,
                upstream(RATE, 10_000, Duration.ofSeconds(5)),
                config(RATE, 10_000),
                policies)) {
            for (int i = 0; i < 2_500; i++) {
                for (final String tenant : weight.keySet()) {
                    run.send(tenant + "-" + i, tenant, Priority.STANDARD, seconds.get(tenant));
                }
            }
            run.runUntil(window);
            final Deviation worst = worstShare(run, window, weight);
            table.row(
                    "weights 1 : 2 : 5 (15 s, 5 s, 10 s videos), cost-weighted share per 60 s, worst deviation",
                    "≤ 5%",
                    String.format("%.1f%% (%s)", worst.relative() * 100, worst.where()),
                    worst.relative() <= 0.05 ? "met" : "missed");
            final long from = run.started() + WARM_UP.toMillis();
            final long to = run.started() + window.toMillis();
            final long steady = run.submitted().stream()
                    .filter(s -> s.atMillis() >= from && s.atMillis() < to)
                    .count();
            final double ratio = steady / ((to - from) / 60_000.0) / RATE;
            table.row(
                    "saturation with the scheduler on (the weights run), ÷ R",
                    "≥ 0.97",
                    String.format("%.3f (429s: %d)", ratio, run.rateLimited()),
                    ratio >= 0.97 ? "met" : "missed");
        }
    }

    /** A thousand tenants of equal weight, twelve requests each, at 6,000 submissions a minute. */
    private static void equalTenants(final Arena arena, final Table table) throws Exception {
        final int rate = 6_000;
        final Duration window = Duration.ofSeconds(105);
        final Map<String, Integer> weight = new HashMap<>();
        for (int t = 0; t < 1_000; t++) {
            weight.put(String.format("t%04d", t), 1);
        }
        try (TenantRun run = new TenantRun(
                arena.kafka(),
                arena.registryUrl(),
                1,
                upstream(rate, 100_000, Duration.ofSeconds(5)),
                config(rate, 100_000),
                Map.of())) {
            for (int i = 0; i < 12; i++) {
                for (final String tenant : weight.keySet()) {
                    run.send(tenant + "-" + i, tenant, Priority.STANDARD, 5);
                }
            }
            run.runUntil(window);
            final Deviation worst = worstShare(run, window, weight);
            table.row(
                    "1,000 equal tenants at R = 6,000/min, share per 60 s, worst deviation",
                    "≤ 5%",
                    String.format("%.1f%% (%s)", worst.relative() * 100, worst.where()),
                    worst.relative() <= 0.05 ? "met" : "missed");
        }
    }

    /** One sweep's dispatch with 100,000 queued requests over 10,000 tenants, against 1,000 queued. */
    private static void dispatchCost(final Table table) {
        SweepCost.dispatchSweepNanos(1_000, 100, 200); // untimed: compiles the code of a sweep
        final long[] small = SweepCost.dispatchSweepNanos(1_000, 100, 200);
        final long[] large = SweepCost.dispatchSweepNanos(100_000, 10_000, 200);
        final double p99Small = percentile(small, 0.99) / 1e6;
        final double p99Large = percentile(large, 0.99) / 1e6;
        table.row(
                "sweep with dispatch, 100,000 queued over 10,000 tenants: p99, ÷ at 1,000 queued",
                "≤ 5 ms, ≤ 2x",
                String.format(
                        "%.2f ms, %.2fx (median %.2f ms; at 1,000: p99 %.2f ms)",
                        p99Large, p99Large / p99Small, percentile(large, 0.5) / 1e6, p99Small),
                p99Large <= 5 && p99Large / p99Small <= 2 ? "met" : "missed");
    }

    /**
     * One tenant, one level, a backlog on every partition of one instance: 1,200 requests produced
     * over 30 s at twice the rate, so that every partition holds a queue for two minutes.
     */
    private static void partitions(final Arena arena, final Table table) throws Exception {
        final Duration window = Duration.ofSeconds(150);
        try (TenantRun run = new TenantRun(
                arena.kafka(),
                arena.registryUrl(),
                1,
                upstream(RATE, 10_000, Duration.ofSeconds(5)),
                config(RATE, 10_000),
                Map.of())) {
            final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
            final AtomicInteger next = new AtomicInteger();
            producer.scheduleAtFixedRate(
                    () -> {
                        final int n = next.getAndIncrement();
                        if (n < 1_200) {
                            run.send("solo-" + n, "solo", Priority.STANDARD, 5);
                        }
                    },
                    0,
                    25,
                    TimeUnit.MILLISECONDS);
            run.runUntil(window);
            producer.shutdownNow();
            producer.awaitTermination(10, TimeUnit.SECONDS);
            final List<TenantRun.Submitted> submitted = run.submitted();
            final double[] meanWait = new double[Arena.PARTITIONS];
            final int[] count = new int[Arena.PARTITIONS];
            for (final TenantRun.Submitted s : submitted) {
                meanWait[s.request().partition()] += s.atMillis() - s.request().atMillis();
                count[s.request().partition()]++;
            }
            double best = Double.MAX_VALUE;
            double worst = 0;
            for (int p = 0; p < Arena.PARTITIONS; p++) {
                meanWait[p] = meanWait[p] / Math.max(1, count[p]) / 1000.0;
                best = Math.min(best, meanWait[p]);
                worst = Math.max(worst, meanWait[p]);
            }
            table.row(
                    "one tenant, a backlog on all " + Arena.PARTITIONS + " partitions: mean wait per partition,"
                            + " worst ÷ best",
                    "≤ 1.2",
                    String.format(
                            "%.2f (%s s; %d of 1,200 submitted)",
                            worst / best, Arrays.toString(round(meanWait)), submitted.size()),
                    worst / best <= 1.2 ? "met" : "missed");
            final Inversions inversions = inversions(submitted);
            table.row(
                    "requests submitted after a newer one of another partition, by more than a sweep (" + SWEEP_MILLIS
                            + " ms)",
                    "none",
                    inversions.count() + " of " + submitted.size() + " (" + inversions.beyondTwoSweeps()
                            + " by more than two sweeps; worst by " + inversions.worstMillis() + " ms)",
                    inversions.count() == 0 ? "met" : "missed");
        }
    }

    /** Each request's time of production (seconds from the start) and wait (ms), for a closer look. */
    private static void dump(final TenantRun run, final List<TenantRun.Sent> requests, final String file)
            throws IOException {
        final StringBuilder csv = new StringBuilder("sent_s,partition,wait_ms\n");
        requests.stream()
                .sorted(Comparator.comparingLong(TenantRun.Sent::atMillis))
                .forEach(s -> csv.append(String.format(
                        "%.1f,%d,%d%n",
                        (s.atMillis() - run.started()) / 1000.0,
                        s.partition(),
                        run.submittedAt(s.requestId()) - s.atMillis())));
        Files.writeString(Path.of(file), csv);
    }

    /** Each request's wait from production to submission, sorted; one never submitted waits until {@code end}. */
    private static long[] waits(final TenantRun run, final List<TenantRun.Sent> requests, final long end) {
        return requests.stream()
                .mapToLong(s -> {
                    final long at = run.submittedAt(s.requestId());
                    return (at < 0 ? end : at) - s.atMillis();
                })
                .sorted()
                .toArray();
    }

    private record Deviation(double relative, String where) {}

    /**
     * The worst relative deviation of a tenant's share of seconds of video from its weight's share,
     * over every 60 s window after the warm-up. Tenants with nothing left to send by a window's end
     * would distort it, so the windows end before the first tenant runs dry.
     */
    private static Deviation worstShare(final TenantRun run, final Duration window, final Map<String, Integer> weight) {
        final List<TenantRun.Submitted> submitted = run.submitted();
        final int totalWeight =
                weight.values().stream().mapToInt(Integer::intValue).sum();
        final Map<String, Long> sentBy = new HashMap<>();
        run.sent().forEach(s -> sentBy.merge(s.tenant(), 1L, Long::sum));
        // When the first tenant had all its requests submitted: from then on it is no longer backlogged.
        final Map<String, Long> taken = new HashMap<>();
        long dry = run.started() + window.toMillis();
        for (final TenantRun.Submitted s : submitted) {
            if (taken.merge(s.request().tenant(), 1L, Long::sum)
                    .equals(sentBy.get(s.request().tenant()))) {
                dry = Math.min(dry, s.atMillis());
                break;
            }
        }
        double worst = 0;
        String where = "no window";
        for (long from = run.started() + WARM_UP.toMillis(); from + 60_000 <= dry; from += 5_000) {
            final long start = from;
            final Map<String, Double> cost = new HashMap<>();
            double total = 0;
            for (final TenantRun.Submitted s : submitted) {
                if (s.atMillis() >= start && s.atMillis() < start + 60_000) {
                    cost.merge(s.request().tenant(), (double) s.request().seconds(), Double::sum);
                    total += s.request().seconds();
                }
            }
            for (final Map.Entry<String, Integer> tenant : weight.entrySet()) {
                final double target = (double) tenant.getValue() / totalWeight;
                final double share = cost.getOrDefault(tenant.getKey(), 0.0) / total;
                final double deviation = Math.abs(share - target) / target;
                if (deviation > worst) {
                    worst = deviation;
                    where = String.format(
                            "%s: %.4f of %.4f, %.1f s of video for %.1f, in the window from %d s of %d submissions",
                            tenant.getKey(),
                            share,
                            target,
                            cost.getOrDefault(tenant.getKey(), 0.0),
                            target * total,
                            (start - run.started()) / 1000,
                            windowCount(submitted, start));
                }
            }
        }
        return new Deviation(worst, where);
    }

    private static long windowCount(final List<TenantRun.Submitted> submitted, final long start) {
        return submitted.stream()
                .filter(s -> s.atMillis() >= start && s.atMillis() < start + 60_000)
                .count();
    }

    private record Inversions(int count, int beyondTwoSweeps, long worstMillis) {}

    /**
     * Requests submitted more than a sweep after a request of another partition produced after them:
     * for each request, the earliest submission among newer requests of each other partition.
     */
    private static Inversions inversions(final List<TenantRun.Submitted> submitted) {
        final List<TenantRun.Submitted> byProduction = new ArrayList<>(submitted);
        byProduction.sort(
                (a, b) -> Long.compare(a.request().atMillis(), b.request().atMillis()));
        final long[] earliestNewer = new long[Arena.PARTITIONS];
        Arrays.fill(earliestNewer, Long.MAX_VALUE);
        int count = 0;
        int beyondTwo = 0;
        long worst = 0;
        for (int i = byProduction.size() - 1; i >= 0; i--) {
            final TenantRun.Submitted s = byProduction.get(i);
            final int partition = s.request().partition();
            for (int p = 0; p < Arena.PARTITIONS; p++) {
                if (p != partition && earliestNewer[p] != Long.MAX_VALUE) {
                    final long late = s.atMillis() - earliestNewer[p];
                    if (late > SWEEP_MILLIS) {
                        count++;
                        beyondTwo += late > 2 * SWEEP_MILLIS ? 1 : 0;
                        worst = Math.max(worst, late);
                        break;
                    }
                }
            }
            earliestNewer[partition] = Math.min(earliestNewer[partition], s.atMillis());
        }
        return new Inversions(count, beyondTwo, worst);
    }

    private static int capacity() {
        return (int) Math.min(RATE, SEATS * 60 / GENERATION.toSeconds());
    }

    private static SimulatorConfig upstream(final int rate, final int seats, final Duration generation) {
        return SimulatorConfig.builder()
                .apiKeys(Set.of(Arena.API_KEY))
                .queueTime(Duration.ZERO)
                .generationTime(generation)
                .generationSpread(Duration.ZERO)
                .latency(Duration.ofMillis(100))
                .generateRequestsPerMinute(rate)
                .rateWindow(RateWindow.MINUTE)
                .queryRequestsPerMinute(1_000_000)
                .maxTasksInFlight(seats)
                .build();
    }

    /** The service at the upstream's limits; polls every second once a generation may be done. */
    private static ProcessorConfig config(final int rate, final int seats) {
        return config(rate, seats, Levels.defaults());
    }

    private static ProcessorConfig config(final int rate, final int seats, final Levels levels) {
        return ProcessorConfig.builder()
                .levels(levels)
                .submitsPerMinute(rate)
                .queriesPerMinute(1_000_000)
                .maxTasksInFlight(seats)
                .maxConcurrentCalls(512)
                .firstPollDelay(Duration.ofSeconds(1))
                .pollInterval(Duration.ofSeconds(1))
                .pollMultiplier(1.0)
                .maxPollInterval(Duration.ofSeconds(1))
                .build();
    }

    private static double percentile(final long[] sorted, final double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final long[] copy = sorted.clone();
        Arrays.sort(copy);
        return copy[Math.min(copy.length - 1, (int) Math.ceil(q * copy.length) - 1)];
    }

    private static double[] round(final double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }
}
