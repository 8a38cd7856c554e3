package io.seedance.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.schemas.VideoRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST client against a real local HTTP server with scripted answers. */
class RestSchemaRegistryClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String SECRET = "s3cr3t-p@ss";

    private final ScriptedHttpServer server = new ScriptedHttpServer();

    RestSchemaRegistryClientTest() throws IOException {}

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRegisterUnderTheSubjectWithTheConfluentMediaType() {
        server.respond(200, "{\"id\": 7}");

        final int id = client(server.url() + "/apis/ccompat/v7")
                .register("video-requests-value", VideoRequest.getClassSchema());

        assertThat(id).isEqualTo(7);
        final ScriptedHttpServer.Recorded request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/video-requests-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).contains("\"schema\"").contains("VideoRequest");
        assertThat(request.authorization()).isNull();
    }

    @Test
    void shouldLookUpWithoutRegisteringAndEncodeTheSubject() {
        server.respond(
                200, "{\"id\": 3, \"version\": 1, \"subject\": \"a b/c-value\", \"schema\": \"\\\"string\\\"\"}");

        assertThat(client(server.url()).idOf("a b/c-value", Schema.create(Schema.Type.STRING)))
                .isEqualTo(3);
        assertThat(server.requests().get(0).path()).isEqualTo("/subjects/a%20b%2Fc-value");
    }

    @Test
    void shouldFetchSchemasByIdAndTheLatestVersion() {
        server.respond(
                200,
                "{\"id\": 5, \"version\": 2, \"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[]}\"}");
        final RestSchemaRegistryClient client = client(server.url());

        assertThat(client.byId(5).getFullName()).isEqualTo("R");
        assertThat(client.latest("t-value")).isEqualTo(new RegisteredSchema(5, 2, client.byId(5)));
        assertThat(server.requests())
                .extracting(ScriptedHttpServer.Recorded::path)
                .contains("/schemas/ids/5", "/subjects/t-value/versions/latest");
    }

    @Test
    void shouldSendBasicAuthFromUserInfo() {
        server.respond(200, "{\"id\": 1}");

        new RestSchemaRegistryClient(List.of(server.url()), Optional.of("alice:" + SECRET), TIMEOUT, TIMEOUT)
                .register("s", Schema.create(Schema.Type.STRING));

        assertThat(server.requests().get(0).authorization()).isEqualTo(basic("alice:" + SECRET));
    }

    @Test
    void shouldSendBasicAuthFromTheUrlAndNeverShowIt() {
        server.respond(200, "{\"id\": 1}");
        final String withCredentials = server.url().replace("http://", "http://bob:s3cr3t-p%40ss@");
        final RestSchemaRegistryClient client = client(withCredentials);

        client.register("s", Schema.create(Schema.Type.STRING));

        assertThat(server.requests().get(0).authorization()).isEqualTo(basic("bob:" + SECRET));
        assertThat(client.toString()).doesNotContain("bob").doesNotContain("s3cr3t");
    }

    @Test
    void shouldReportRejectedCredentialsWithoutThem() {
        server.respond(401, "{\"error_code\": 40101, \"message\": \"Unauthorized\"}");
        final String withCredentials = server.url().replace("http://", "http://bob:s3cr3t-p%40ss@");

        assertThatThrownBy(() -> client(withCredentials).byId(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo(40101);
                })
                .hasMessageContaining("rejected the credentials")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("bob");
    }

    @Test
    void shouldReportIncompatibleSchemasAndMissingOnes() {
        server.respond(409, "{\"error_code\": 409, \"message\": \"Incompatible artifact\"}");
        assertThatThrownBy(() -> client(server.url()).register("s", Schema.create(Schema.Type.INT)))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("incompatible")
                .hasMessageContaining("Incompatible artifact");

        server.respond(404, "{\"error_code\": 40403, \"message\": \"Schema not found\"}");
        assertThatThrownBy(() -> client(server.url()).byId(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                });
    }

    @Test
    void shouldTakeA409ForSuccessWhenTheSchemaIsRegisteredAfterAll() {
        // A registry that refused the registration (a concurrent one won) but knows the schema now.
        server.respondInTurn(
                new ScriptedHttpServer.Response(409, "{\"error_code\": 409, \"message\": \"already exists\"}"),
                new ScriptedHttpServer.Response(200, "{\"id\": 12, \"version\": 1, \"schema\": \"\\\"string\\\"\"}"));

        assertThat(client(server.url()).register("s", Schema.create(Schema.Type.STRING)))
                .isEqualTo(12);
        assertThat(server.requests())
                .extracting(ScriptedHttpServer.Recorded::path)
                .containsExactly("/subjects/s/versions", "/subjects/s");
    }

    @Test
    void shouldTreatABodyThatIsNotJsonAsAnError() {
        server.respond(200, "<html>proxy error</html>");

        assertThatThrownBy(() -> client(server.url()).byId(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void shouldReportAnUnreachableRegistryWithoutCredentials() throws IOException {
        final String closed = "http://bob:" + "s3cr3t@127.0.0.1:" + freePort();

        assertThatThrownBy(() -> client(closed).byId(1))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.status()).isZero())
                .hasMessageContaining("unreachable")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void shouldFailOverToTheNextUrl() throws IOException {
        server.respond(200, "{\"id\": 11}");
        final RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of("http://127.0.0.1:" + freePort(), server.url()), Optional.empty(), TIMEOUT, TIMEOUT);

        assertThat(client.register("s", Schema.create(Schema.Type.STRING))).isEqualTo(11);
    }

    @Test
    void shouldTimeOutOnARegistryThatHangs() {
        server.hang();
        final RestSchemaRegistryClient client =
                new RestSchemaRegistryClient(List.of(server.url()), Optional.empty(), TIMEOUT, Duration.ofMillis(300));

        assertThatThrownBy(() -> client.byId(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void shouldRefuseUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> client("ftp://user:" + SECRET + "@host/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s)")
                .hasMessageNotContaining(SECRET);
    }

    private static RestSchemaRegistryClient client(final String url) {
        return new RestSchemaRegistryClient(List.of(url), Optional.empty(), TIMEOUT, TIMEOUT);
    }

    private static String basic(final String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
