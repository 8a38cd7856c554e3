package io.seedance.streams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How long a killed instance's partitions go unserved. Three instances share six partitions and a
 * few thousand tasks pending upstream; one is SIGKILLed; the clock runs until a survivor answers
 * {@code /requests/{id}} from its own store for a task of every partition the killed one owned.
 * Measured with and without a standby replica, at the session timeout the operations guide
 * recommends (10 s).
 */
@ExtendWith(SharedServices.class)
@Timeout(600)
class FailoverIT {

    private static final String KEY = "dk-failover";
    private static final int PARTITIONS = 6;
    /** A few thousand in CI; {@code -Dfailover.requests} measures larger stores. */
    private static final int REQUESTS = Integer.getInteger("failover.requests", 3_000);
    /** The recommended 10 s in CI; {@code -Dfailover.session.timeout.s=45} measures Kafka's default. */
    private static final Duration SESSION_TIMEOUT =
            Duration.ofSeconds(Integer.getInteger("failover.session.timeout.s", 10));

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void shouldServeAKilledInstancesPartitionsWithinTheSessionTimeoutAndTenSecondsWithAStandby(
            final KafkaCluster kafka, final ApicurioRegistry registry) throws Exception {
        final Duration withStandby = failover(kafka, registry, 1);
        final Duration without = failover(kafka, registry, 0);

        System.out.printf(
                "failover with session timeout %d s: %.1f s with a standby replica, %.1f s without%n",
                SESSION_TIMEOUT.toSeconds(), withStandby.toMillis() / 1000.0, without.toMillis() / 1000.0);
        assertThat(withStandby).isLessThan(SESSION_TIMEOUT.plusSeconds(10));
    }

    /** One run: three instances, {@link #REQUESTS} tasks pending upstream, one instance killed. */
    private Duration failover(final KafkaCluster kafka, final ApicurioRegistry registry, final int standbys)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of(KEY))
                .generationTime(Duration.ofMinutes(30))
                .build())) {
            final Map<String, String> base = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            base.put("TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
            base.put("STANDBY_REPLICAS", Integer.toString(standbys));
            base.put("KAFKA_SESSION_TIMEOUT_MS", Long.toString(SESSION_TIMEOUT.toMillis()));
            base.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            base.put("UPSTREAM_SUBMITS_PER_MINUTE", "60000");
            base.put("UPSTREAM_QUERIES_PER_MINUTE", "60000");
            base.put("UPSTREAM_MAX_TASKS_IN_FLIGHT", "100000");
            base.put("POLL_FIRST_DELAY", "1h");
            base.put("POLL_INTERVAL", "1h");
            final List<ChildJvm> instances = new ArrayList<>();
            final List<String> endpoints = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    final Map<String, String> env = new HashMap<>(base);
                    final int port = RunEnvironment.freePort();
                    env.put("HTTP_PORT", Integer.toString(port));
                    env.put("STATE_DIR", RunEnvironment.newStateDir("failover-" + i + "-"));
                    endpoints.add("http://127.0.0.1:" + port);
                    instances.add(ChildJvm.start(env, "run"));
                }
                for (final String endpoint : endpoints) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> status(endpoint + "/health/ready") == 200);
                }
                send(kafka, registry, "requests-" + id);
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> simulator.stats().tasksCreated() >= REQUESTS);
                // One request of every partition the first instance owns, found by asking it alone: a
                // partition whose first three requests it does not hold is another instance's.
                final Map<Integer, String> probes = new TreeMap<>();
                final int[] asked = new int[PARTITIONS];
                for (int i = 0; i < REQUESTS; i++) {
                    final String request = "failover-" + i;
                    final int partition = partitionOf(request);
                    if (probes.containsKey(partition) || asked[partition] >= 3) {
                        continue;
                    }
                    asked[partition]++;
                    if (status(local(endpoints.get(0), request)) == 200) {
                        probes.put(partition, request);
                    }
                }
                assertThat(probes).as("the killed instance's partitions").isNotEmpty();
                final long killedAt = System.nanoTime();
                instances.get(0).kill();
                final Map<String, Long> servedAfter = new HashMap<>();
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            for (final String request : probes.values()) {
                                if (!servedAfter.containsKey(request)
                                        && (status(local(endpoints.get(1), request)) == 200
                                                || status(local(endpoints.get(2), request)) == 200)) {
                                    servedAfter.put(request, System.nanoTime() - killedAt);
                                }
                            }
                            return servedAfter.size() == probes.size();
                        });
                final Duration failover = Duration.ofNanos(servedAfter.values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElseThrow());
                System.out.printf(
                        "standbys %d: partitions %s of the killed instance served again after %.1f s%n",
                        standbys, probes.keySet(), failover.toMillis() / 1000.0);
                return failover;
            } finally {
                instances.forEach(ChildJvm::close);
            }
        }
    }

    private static void send(final KafkaCluster kafka, final ApicurioRegistry registry, final String topic)
            throws Exception {
        try (KafkaProducer<String, VideoRequest> producer =
                Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
            for (int i = 0; i < REQUESTS; i++) {
                final VideoRequest request = VideoRequest.newBuilder(Samples.request("failover-" + i))
                        .setPrompt("Take " + i + ": the cat in @image1 meets the dog in @image2")
                        .build();
                producer.send(new ProducerRecord<>(topic, request.getRequestId(), request));
            }
            producer.flush();
        }
    }

    /** The partition the producer's default partitioner gives a key. */
    private static int partitionOf(final String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The lookup of {@code request} in this instance's own store only. */
    private static String local(final String endpoint, final String request) {
        return endpoint + "/requests/" + request + "?forwarded";
    }

    private int status(final String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
