package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoCompleted;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.ChildJvm;
import io.seedance.streams.testing.Clients;
import io.seedance.streams.testing.FastConfigs;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The durable copy through {@code run} (a process of its own, with 512 MiB of heap) against a real
 * broker, registry and the simulator over HTTP: a 50 MB video is copied to a filesystem store
 * before its event, and the service's own endpoint serves exactly the bytes the event describes.
 */
@ExtendWith(SharedServices.class)
@Timeout(180)
class StorageIT {

    private static final String KEY = "dk-storage";
    private static final long VIDEO_BYTES = 50L << 20;

    @Test
    void shouldStoreA50MegabyteVideoAndServeIt(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Path videos = Files.createTempDirectory("storage-it-");
        try (SeedanceSimulator simulator = SeedanceSimulator.start(FastConfigs.upstream()
                .apiKeys(Set.of(KEY))
                .videoBytes(VIDEO_BYTES)
                .build())) {
            final Map<String, String> env = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            env.put("STORAGE_TYPE", "filesystem");
            env.put("STORAGE_DIR", videos.toString());
            try (ChildJvm run = ChildJvm.start(env, "run")) {
                final VideoRequest request = Samples.request("stored-" + id);
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    producer.send(new ProducerRecord<>("requests-" + id, request.getRequestId(), request))
                            .get();
                }
                final List<SpecificRecord> results = Clients.consume(kafka, registry, List.of("completed-" + id), 1);
                assertThat(run.isAlive()).as(run.output()).isTrue();
                final VideoCompleted completed = (VideoCompleted) results.get(0);

                final String endpoint = "http://127.0.0.1:" + env.get("HTTP_PORT");
                assertThat(completed.getStoredVideoUrl()).isEqualTo(endpoint + "/videos/stored-" + id + ".mp4");
                assertThat(completed.getVideoBytes()).isEqualTo(VIDEO_BYTES);
                assertThat(completed.getStorageError()).isNull();
                assertThat(completed.getVideoUrl())
                        .as("the upstream's link stays")
                        .startsWith(simulator.baseUrl().toString());

                final HttpResponse<InputStream> served = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(completed.getStoredVideoUrl()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                assertThat(served.statusCode()).isEqualTo(200);
                assertThat(served.headers().firstValue("Content-Type")).contains("video/mp4");
                final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                long bytes = 0;
                try (InputStream body = served.body()) {
                    final byte[] buffer = new byte[1 << 16];
                    int read;
                    while ((read = body.read(buffer)) >= 0) {
                        sha256.update(buffer, 0, read);
                        bytes += read;
                    }
                }
                assertThat(bytes).isEqualTo(VIDEO_BYTES);
                assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(completed.getVideoSha256());
                try (var files = Files.list(videos)) {
                    assertThat(files).as("one object, no partial file").hasSize(1);
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> get(endpoint + "/videos/never-stored.mp4") == 404);
                assertThat(get(endpoint + "/videos/..%2F..%2Fetc%2Fpasswd")).isEqualTo(404);
                assertThat(run.output())
                        .contains("copying its video to the store")
                        .doesNotContain(KEY);
            }
        }
    }

    /**
     * SIGKILL while a 300 MB copy is half written, then a restart on the same state: exactly one
     * event, one object, and no partial file left.
     */
    @Test
    void shouldMakeOneObjectAndOneEventAfterAKillMidCopy(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Path videos = Files.createTempDirectory("storage-kill-it-");
        final long size = 300L << 20;
        try (SeedanceSimulator simulator = SeedanceSimulator.start(
                FastConfigs.upstream().apiKeys(Set.of(KEY)).videoBytes(size).build())) {
            final Map<String, String> env = RunEnvironment.of(kafka.bootstrapServers(), registry, simulator, KEY, id);
            env.put("STORAGE_TYPE", "filesystem");
            env.put("STORAGE_DIR", videos.toString());
            env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
            env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
            final String requestId = "killed-" + id;
            final String partial = ".partial-" + requestId + ".mp4-";
            try (ChildJvm first = ChildJvm.start(env, "run")) {
                final VideoRequest request = Samples.request(requestId);
                try (KafkaProducer<String, VideoRequest> producer =
                        Clients.avroProducer(kafka.bootstrapServers(), registry.url())) {
                    producer.send(new ProducerRecord<>("requests-" + id, request.getRequestId(), request))
                            .get();
                }
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> {
                            try (var files = Files.list(videos)) {
                                return files.anyMatch(
                                        file -> file.getFileName().toString().startsWith(partial)
                                                && file.toFile().length() > 0);
                            }
                        });
                first.kill();
            }
            assertThat(Files.exists(videos.resolve(requestId + ".mp4")))
                    .as("killed before the copy was whole")
                    .isFalse();

            try (ChildJvm second = ChildJvm.start(env, "run")) {
                final List<SpecificRecord> results = Clients.consume(kafka, registry, List.of("completed-" + id), 1);
                final VideoCompleted completed = (VideoCompleted) results.get(0);
                assertThat(completed.getVideoBytes()).isEqualTo(size);
                assertThat(everything(kafka, registry, List.of("completed-" + id, "failed-" + id)))
                        .as("exactly one event")
                        .hasSize(1);
                try (var files = Files.list(videos)) {
                    assertThat(files)
                            .as("one object, no partial file")
                            .containsExactly(videos.resolve(requestId + ".mp4"));
                }
                final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                try (InputStream stored = Files.newInputStream(videos.resolve(requestId + ".mp4"))) {
                    final byte[] buffer = new byte[1 << 16];
                    int read;
                    while ((read = stored.read(buffer)) >= 0) {
                        sha256.update(buffer, 0, read);
                    }
                }
                assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(completed.getVideoSha256());
                assertThat(second.isAlive()).as(second.output()).isTrue();
            }
        }
    }

    /** Every result on {@code topics} (read_committed), once nothing more came for three seconds. */
    private static List<SpecificRecord> everything(
            final KafkaCluster kafka, final ApicurioRegistry registry, final List<String> topics) {
        final List<SpecificRecord> all = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, SpecificRecord>(
                Clients.resultConsumerConfig(kafka.bootstrapServers(), registry.url()))) {
            consumer.subscribe(topics);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                for (final var record : consumer.poll(Duration.ofMillis(200))) {
                    all.add(record.value());
                    quietSince = System.nanoTime();
                }
            }
        }
        return all;
    }

    private static int get(final String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
