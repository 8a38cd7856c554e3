package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.service.SeedanceService;
import io.seedance.streams.service.ServiceConfig;
import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.testing.ApicurioRegistry;
import io.seedance.streams.testing.KafkaCluster;
import io.seedance.streams.testing.RunEnvironment;
import io.seedance.streams.testing.SharedServices;
import io.seedance.streams.upstream.HttpSeedanceClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code submit} and {@code watch} round trip through a running service on the in-JVM broker. */
@ExtendWith(SharedServices.class)
@Timeout(180)
class SubmitWatchIT {

    @Test
    void shouldSubmitARequestAndWatchItsResult(final KafkaCluster kafka, final ApicurioRegistry registry)
            throws Exception {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "SCHEMA_REGISTRY_URL",
                registry.url(),
                "SEEDANCE_API_KEY",
                "dk-submit-watch",
                "APPLICATION_ID",
                "submit-watch-" + id,
                "STATE_DIR",
                Files.createTempDirectory("submit-watch-").toString(),
                "TOPICS_REQUESTS",
                "requests-" + id,
                "TOPICS_COMPLETED",
                "completed-" + id,
                "TOPICS_FAILED",
                "failed-" + id,
                "TOPICS_CALLBACKS",
                "callbacks-" + id));
        env.put("POLL_FIRST_DELAY", "300ms");
        env.put("POLL_INTERVAL", "300ms");
        env.put("TOPICS_PARTITIONS", "1");
        env.put("HTTP_PORT", Integer.toString(RunEnvironment.freePort()));
        try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorConfig.builder()
                .apiKeys(Set.of("dk-submit-watch"))
                .generationTime(Duration.ofMillis(400))
                .build())) {
            env.put("SEEDANCE_BASE_URL", simulator.baseUrl().toString());
            final ServiceConfig config = ServiceConfig.load(env, Map.of());
            try (SeedanceService service = ServiceRunner.start(config, new HttpSeedanceClient(config.clientConfig()))) {
                final String[] cluster = {
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--schema-registry-url",
                    registry.url(),
                    "--requests-topic",
                    "requests-" + id,
                    "--completed-topic",
                    "completed-" + id,
                    "--failed-topic",
                    "failed-" + id
                };

                final CommandRun submit = CommandRun.execute(CommandRun.concat(
                        new String[] {
                            "submit",
                            "--prompt",
                            "The cat in @image1 naps",
                            "--image",
                            "https://example.com/cat.png",
                            "--duration",
                            "10",
                            "--ratio",
                            "1:1",
                            "--metadata",
                            "tenant=acme"
                        },
                        cluster));
                assertThat(submit.code()).as(submit.err()).isZero();
                final String requestId = submit.out().strip();
                assertThat(UUID.fromString(requestId)).isNotNull();

                final CommandRun watch = CommandRun.execute(CommandRun.concat(
                        new String[] {
                            "watch", "--from-beginning", "--count", "1", "--request-id", requestId, "--timeout", "60s"
                        },
                        cluster));
                assertThat(watch.code()).as(watch.err()).isZero();
                assertThat(watch.out())
                        .startsWith("completed " + requestId)
                        .contains("video=" + simulator.baseUrl())
                        .contains("consumed=1.000000");

                final CommandRun invalid = CommandRun.execute(CommandRun.concat(
                        new String[] {"submit", "--prompt", "The dog in @image2", "--request-id", "bad-" + id},
                        cluster));
                final CommandRun failure = CommandRun.execute(CommandRun.concat(
                        new String[] {
                            "watch", "--from-beginning", "--count", "1", "--request-id", "bad-" + id, "--timeout", "60s"
                        },
                        cluster));
                assertThat(invalid.code()).isZero();
                assertThat(failure.out())
                        .startsWith("failed    bad-" + id + " INVALID_REQUEST")
                        .contains("@image2")
                        .contains("category=INVALID_PARAMETERS, retriable=false");
            }
        }
    }
}
