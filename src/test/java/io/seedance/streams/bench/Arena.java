package io.seedance.streams.bench;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.AvroSerializer;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.simulator.SimulatorConfigBuilder;
import io.seedance.streams.simulator.SimulatorStats;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.HttpSeedanceClient;
import io.seedance.streams.upstream.SeedanceClientConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One run of one contender on one workload: fresh topics on the shared broker, a simulator with
 * the workload's limits, every request produced at once (so the contender, not the producer, sets
 * the pace), and a read_committed consumer that waits for the results.
 */
final class Arena {

    static final String API_KEY = "dk-bench";
    static final int PARTITIONS = 6;

    private final KafkaCluster kafka;
    private final String registryUrl;

    Arena(final KafkaCluster kafka, final String registryUrl) {
        this.kafka = kafka;
        this.registryUrl = registryUrl;
    }

    KafkaCluster kafka() {
        return kafka;
    }

    String registryUrl() {
        return registryUrl;
    }

    /** What one run measured. {@code resultTimes} are when each result was read, oldest first. */
    record Outcome(
            Workload workload,
            Instant started,
            List<Instant> submitTimes,
            List<Instant> resultTimes,
            List<Instant> completedTimes,
            SimulatorStats upstream,
            boolean finished,
            long endToEndMillisTotal) {

        /** Videos completed per second between the 10th and 90th percentile of completions: the steady pace. */
        double steadyCompletionsPerSecond() {
            return steadyRate(completedTimes);
        }

        /** From producing each request to reading its result, on average. */
        double meanEndToEndSeconds() {
            return resultTimes.isEmpty() ? Double.NaN : endToEndMillisTotal / 1000.0 / resultTimes.size();
        }

        int results() {
            return resultTimes.size();
        }

        /** Submissions per second between the 10th and the 90th percentile of them: the steady pace. */
        double steadySubmitsPerSecond() {
            return steadyRate(submitTimes);
        }

        private static double steadyRate(final List<Instant> times) {
            if (times.size() < 10) {
                return Double.NaN;
            }
            final int from = times.size() / 10;
            final int to = times.size() * 9 / 10;
            final double seconds =
                    Duration.between(times.get(from), times.get(to)).toNanos() / 1e9;
            return (to - from) / seconds;
        }

        /** From the first request produced to the last result read. */
        Duration elapsed() {
            return resultTimes.isEmpty()
                    ? Duration.ZERO
                    : Duration.between(started, resultTimes.get(resultTimes.size() - 1));
        }

        /** Results per second over the whole run (or the window it was given). */
        double resultsPerSecond(final Duration window) {
            final Duration span = finished ? elapsed() : window;
            return results() / (span.toNanos() / 1e9);
        }

        double upstreamCallsPerResult() {
            return (upstream.generateRequests() + upstream.queryRequests()) / (double) Math.max(1, results());
        }
    }

    private static void awaitQuietly(final ExecutorService executor) {
        try {
            executor.awaitTermination(1, TimeUnit.HOURS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Outcome run(final Contender.Factory factory, final Workload workload, final Duration window) {
        return run(factory, workload, window, UnaryOperator.identity());
    }

    Outcome run(
            final Contender.Factory factory,
            final Workload workload,
            final Duration window,
            final UnaryOperator<SimulatorConfigBuilder> upstreamTweaks) {
        return run(factory, workload, window, upstreamTweaks, Duration.ZERO);
    }

    /** With requests produced {@code spacing} apart instead of all at once. */
    Outcome run(
            final Contender.Factory factory,
            final Workload workload,
            final Duration window,
            final UnaryOperator<SimulatorConfigBuilder> upstreamTweaks,
            final Duration spacing) {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Topics topics = kafka.createServiceTopics(id, PARTITIONS);
        final SimulatorConfig upstream = upstreamTweaks
                .apply(SimulatorConfig.builder()
                        .apiKeys(Set.of(API_KEY))
                        .queueTime(Duration.ZERO)
                        .generationTime(workload.generation())
                        .generationSpread(workload.spread())
                        .latency(workload.latency())
                        .generateRequestsPerMinute(workload.perMinute()))
                .build();
        try (SeedanceSimulator simulator = SeedanceSimulator.start(upstream);
                KafkaConsumer<String, Object> results =
                        new KafkaConsumer<>(Clients.resultConsumerConfig(kafka.bootstrapServers(), registryUrl));
                KafkaProducer<String, VideoRequest> producer = new KafkaProducer<>(Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "schema.registry.url",
                        registryUrl,
                        "key.serializer",
                        StringSerializer.class.getName(),
                        "value.serializer",
                        AvroSerializer.class.getName(),
                        "linger.ms",
                        5))) {
            final HttpSeedanceClient client = new HttpSeedanceClient(SeedanceClientConfig.of(ApiKey.of(API_KEY))
                    .withBaseUrl(simulator.baseUrl())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
            results.subscribe(List.of(topics.completed(), topics.failed()));
            results.poll(Duration.ofMillis(200));
            try (Contender contender = factory.start(kafka.bootstrapServers(), registryUrl, topics, client, workload)) {
                final Instant started = Instant.now();
                final Map<String, Instant> sentById = new ConcurrentHashMap<>();
                // Produced on a scheduler of its own, each request at its arrival time, so results are read
                // as they come even while requests trickle in.
                final ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();
                for (int i = 0; i < workload.requests(); i++) {
                    final int n = i;
                    arrivals.schedule(
                            () -> {
                                final String requestId = "bench-" + id + "-" + n;
                                final VideoRequest sample = Samples.request(requestId);
                                sentById.put(requestId, Instant.now());
                                // Every prompt differs, as real ones do (the simulator counts identical bodies as
                                // duplicates).
                                producer.send(new ProducerRecord<>(
                                        topics.requests(),
                                        requestId,
                                        VideoRequest.newBuilder(sample)
                                                .setPrompt(sample.getPrompt() + ", take " + n)
                                                .build()));
                            },
                            spacing.toNanos() * i,
                            TimeUnit.NANOSECONDS);
                }
                arrivals.shutdown();
                final List<Instant> resultTimes = new ArrayList<>();
                final List<Instant> completedTimes = new ArrayList<>();
                long endToEndMillis = 0;
                final Instant deadline = started.plus(window);
                while (resultTimes.size() < workload.requests() && Instant.now().isBefore(deadline)) {
                    for (final ConsumerRecord<String, Object> result : results.poll(Duration.ofMillis(20))) {
                        final Instant now = Instant.now();
                        resultTimes.add(now);
                        if (result.topic().equals(topics.completed())) {
                            completedTimes.add(now);
                        }
                        final Instant sent = sentById.get(result.key());
                        endToEndMillis +=
                                sent == null ? 0 : Duration.between(sent, now).toMillis();
                    }
                }
                if (resultTimes.size() < workload.requests()) {
                    arrivals.shutdownNow(); // out of time: the requests not yet sent never will be
                }
                awaitQuietly(arrivals);
                producer.flush();
                return new Outcome(
                        workload,
                        started,
                        simulator.taskCreationTimes(),
                        resultTimes,
                        completedTimes,
                        simulator.stats(),
                        resultTimes.size() >= workload.requests(),
                        endToEndMillis);
            }
        }
    }
}
