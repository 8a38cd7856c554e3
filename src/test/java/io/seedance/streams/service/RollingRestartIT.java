package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.ResultCounts;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling restart, as an orchestrator does one: three instances, each stopped with SIGTERM and
 * started again (same state directory, same port) after the one before is back, while requests
 * keep coming. Every stop drains (exit 0), no request is submitted twice, none is lost, and each
 * ends with exactly one terminal event.
 */
@ExtendWith(SharedServices.class)
@Timeout(420)
class RollingRestartIT {

    private static final String KEY = "dk-rolling";
    private static final int INSTANCES = 3;

    @Test
    void shouldRestartEveryInstanceWithoutADuplicateSubmissionOrALostRequest(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .latency(Duration.ofMillis(300))
                .latencyJitter(Duration.ofMillis(300))
                .generationTime(Duration.ofMillis(1500))
                .build())) {
            final Map<String, String> base = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            base.put("TOPICS_PARTITIONS", "6");
            base.put("UPSTREAM_SUBMITS_PER_MINUTE", "3000");
            base.put("UPSTREAM_QUERIES_PER_MINUTE", "30000");
            base.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            base.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            final List<Map<String, String>> environments = new ArrayList<>();
            final List<ChildJvm> instances = new ArrayList<>();
            final ResultCounts results = new ResultCounts(kafka.bootstrapServers(), registry, id);
            final Producing producing = new Producing(kafka, registry, "requests-" + id);
            try {
                for (int i = 0; i < INSTANCES; i++) {
                    final Map<String, String> env = new HashMap<>(base);
                    env.put("HTTP_PORT", Integer.toString(RunEnvironment.freePort()));
                    env.put("STATE_DIR", RunEnvironment.newStateDir("rolling-" + i + "-"));
                    environments.add(env);
                    instances.add(startRunning(env));
                }
                results.start();
                producing.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> results.unique() >= 20);

                for (int i = 0; i < INSTANCES; i++) {
                    final int seenBefore = results.unique();
                    final ChildJvm stopping = instances.get(i);
                    stopping.terminate();
                    assertThat(stopping.waitFor(90)).as(stopping.output()).isZero();
                    assertThat(stopping.output()).contains("Drained the upstream calls (0 left unapplied)");
                    instances.set(i, startRunning(environments.get(i)));
                    // The next stop comes once work flows again.
                    await().atMost(Duration.ofSeconds(90)).until(() -> results.unique() >= seenBefore + 20);
                    System.out.printf(
                            "instance %d restarted: %d sent, %d done%n", i, producing.sent(), results.unique());
                }
                producing.stop();
                final int sent = producing.sent();
                await().atMost(Duration.ofMinutes(3)).until(() -> results.unique() >= sent);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> results.total() == sent);

                System.out.printf(
                        "%d requests, %d restarts: %d terminal events, %d upstream tasks, %d duplicate submissions%n",
                        sent,
                        INSTANCES,
                        results.total(),
                        simulator.stats().tasksCreated(),
                        simulator.stats().duplicateSubmissions());
                assertThat(results.counts())
                        .hasSize(sent)
                        .allSatisfy((request, count) -> assertThat(count).isOne());
                assertThat(simulator.stats().duplicateSubmissions()).isZero();
                assertThat(simulator.stats().tasksCreated()).isEqualTo(sent);
            } finally {
                producing.stop();
                results.stop();
                instances.forEach(ChildJvm::close);
            }
        }
    }

    private static ChildJvm startRunning(final Map<String, String> env) {
        final ChildJvm instance = ChildJvm.start(env, "run");
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(instance.output()).contains("REBALANCING -> RUNNING"));
        return instance;
    }

    /** Requests at 10 a second, one at a time, until stopped. */
    private static final class Producing {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Thread thread;

        Producing(final KafkaCluster kafka, final ApicurioRegistry registry, final String topic) {
            this.thread = new Thread(
                    () -> {
                        final BlockingBucket pace = Bucket.builder()
                                .addLimit(limit -> limit.capacity(1).refillGreedy(10, Duration.ofSeconds(1)))
                                .build()
                                .asBlocking();
                        try (KafkaProducer<String, VideoRequest> producer =
                                Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                            while (running.get()) {
                                pace.consume(1);
                                final int i = sent.get();
                                final VideoRequest request = VideoRequest.newBuilder(Samples.request("rolling-" + i))
                                        .setPrompt("Take " + i + ": the cat in @image1 meets the dog in @image2")
                                        .build();
                                producer.send(new ProducerRecord<>(topic, request.getRequestId(), request))
                                        .get();
                                sent.incrementAndGet();
                            }
                        } catch (final Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "rolling-requests");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        int sent() {
            return sent.get();
        }
    }
}
