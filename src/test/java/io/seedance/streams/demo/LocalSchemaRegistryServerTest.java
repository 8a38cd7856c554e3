package io.seedance.streams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.serde.RestSchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's registry over HTTP, as a `run` pointed at it (and its readiness check) sees it. */
class LocalSchemaRegistryServerTest {

    @Test
    void shouldAnswerTheSubjectsListThatReadinessAndClientsAsk(@TempDir final Path dir) throws Exception {
        try (LocalSchemaRegistryServer server = LocalSchemaRegistryServer.start(dir.resolve("journal"))) {
            final RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                    List.of(server.url()), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5));
            assertThat(client.reachable()).isTrue();

            client.register("video-requests-value", VideoRequest.getClassSchema());

            final HttpResponse<String> subjects = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + "/subjects"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).isEqualTo("[\"video-requests-value\"]");
            assertThat(Files.readString(dir.resolve("journal"))).contains("video-requests-value");
        }
    }
}
