package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedance.streams.testing.DockerCommand;
import io.seedance.streams.testing.KafkaContainerBroker;
import io.seedance.streams.testing.RequiresDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compose file as a user runs it: {@code docker-compose up} brings up Kafka, a schema registry,
 * the simulator and the service; a request made with the {@code submit} command comes back on
 * {@code video-completed}; the stack is torn down with its volumes. Image names are overridden
 * through the variables the compose file offers (CI builds them locally), and Apicurio stands in
 * for Confluent's registry (src/test/docker/compose.apicurio.yml).
 */
@RequiresDocker
@Timeout(600)
class ComposeIT {

    private static final String SERVICE_IMAGE = "seedance-streams:compose-it";
    private static final String PROJECT = "seedance-compose-it";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldBringTheWholeSystemUpAndCompleteASubmittedRequest() throws Exception {
        final DockerCommand docker = new DockerCommand(
                Path.of("").toAbsolutePath(),
                Map.of(
                        "KAFKA_IMAGE", KafkaContainerBroker.image(),
                        "SCHEMA_REGISTRY_IMAGE",
                                setting("SEEDANCE_TEST_REGISTRY_IMAGE", "apicurio/apicurio-registry-mem:2.6.13.Final"),
                        "SEEDANCE_IMAGE", SERVICE_IMAGE));
        // The Dockerfile as a user builds it, on the base image CI made (a Temurin JRE elsewhere).
        docker.run(
                Duration.ofMinutes(5),
                "docker",
                "build",
                "-f",
                "src/main/docker/Dockerfile",
                "--build-arg",
                "BASE_IMAGE=" + setting("SEEDANCE_TEST_JRE_IMAGE", "eclipse-temurin:17-jre"),
                "-t",
                SERVICE_IMAGE,
                ".");
        final String[] files = {"-p", PROJECT, "-f", "docker-compose.yml", "-f", "src/test/docker/compose.apicurio.yml"
        };
        try {
            docker.compose(Duration.ofMinutes(5), CommandRun.concat(files, "up", "-d", "--no-build"));
            await("the service's /health/ready")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> status("http://localhost:8080/health/ready") == 200);

            final String[] cluster = {
                "--bootstrap-servers",
                "localhost:9092",
                "--schema-registry-url",
                "http://localhost:8081/apis/ccompat/v7"
            };
            final String requestId = "compose-" + UUID.randomUUID();
            final CommandRun submit = CommandRun.execute(CommandRun.concat(
                    new String[] {"submit", "--prompt", "A paper boat on a rainy street", "--request-id", requestId},
                    cluster));
            assertThat(submit.code()).as(submit.err()).isZero();

            // The compose simulator takes 20 s ± 10 s per video, like a short real generation.
            final CommandRun watch = CommandRun.execute(CommandRun.concat(
                    new String[] {
                        "watch", "--from-beginning", "--count", "1", "--request-id", requestId, "--timeout", "150s"
                    },
                    cluster));
            assertThat(watch.code())
                    .as(watch.err() + "\n" + logs(docker, files))
                    .isZero();
            assertThat(watch.out())
                    .startsWith("completed " + requestId)
                    .contains("video=http://localhost:8090/videos/");
            final String video = watch.out().replaceAll("(?s).*video=(\\S+).*", "$1");
            assertThat(status(video)).as("GET " + video).isEqualTo(200);
        } catch (final Exception | AssertionError e) {
            System.err.println(logs(docker, files));
            throw e;
        } finally {
            docker.compose(Duration.ofMinutes(3), CommandRun.concat(files, "down", "-v", "--remove-orphans"));
        }
    }

    private static String logs(final DockerCommand docker, final String[] files) {
        try {
            return docker.compose(
                    Duration.ofMinutes(1), CommandRun.concat(files, "logs", "--no-color", "--tail", "80"));
        } catch (final RuntimeException e) {
            return "(no compose logs: " + e.getMessage() + ")";
        }
    }

    private static int status(final String url) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String setting(final String name, final String otherwise) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
