package io.seedance.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.demo.LocalSchemaRegistryServer;
import io.seedance.streams.schemas.VideoRequest;
import io.seedance.streams.testing.RegistryProxy;
import io.seedance.streams.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry over HTTPS with basic auth, as it runs behind a TLS-terminating gateway: a
 * certificate signed by a CA this test makes, trusted through {@code
 * schema.registry.ssl.truststore.*}, and one clear line without it.
 */
class RegistryOverHttpsTest {

    private static final String USER = "registry-user";
    private static final String PASSWORD = "registry-secret-1";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static TestCertificates authority;
    private static LocalSchemaRegistryServer registry;
    private static RegistryProxy gateway;

    @BeforeAll
    static void start() throws Exception {
        authority = TestCertificates.authority(Files.createDirectories(dir.resolve("ca")), "registry-ca");
        registry = LocalSchemaRegistryServer.start(dir.resolve("journal"));
        gateway = new RegistryProxy(
                registry.url(), USER, PASSWORD, TestCertificates.serverContext(authority.serverKeyStore("registry")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRegisterAndReadSchemasOverHttpsWithBasicAuthTrustingTheConfiguredAuthority() {
        final AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                gateway.url(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                USER + ":" + PASSWORD,
                AvroSerdeConfig.TRUSTSTORE_LOCATION,
                authority.trustStore().toString(),
                AvroSerdeConfig.TRUSTSTORE_PASSWORD,
                TestCertificates.PASSWORD));
        assertThat(gateway.url()).startsWith("https://");

        final SchemaRegistryClient client = SchemaRegistryClients.forConfig(config);
        final int id = client.register("requests-value", VideoRequest.getClassSchema());

        assertThat(client.byId(id)).isEqualTo(VideoRequest.getClassSchema());
    }

    @Test
    void shouldSayInOneLineThatTheRegistrysCertificateIsNotTrusted() {
        final RestSchemaRegistryClient untrusting = new RestSchemaRegistryClient(
                List.of(gateway.url()), Optional.of(USER + ":" + PASSWORD), TIMEOUT, TIMEOUT);

        assertThatThrownBy(() -> untrusting.register("requests-value", VideoRequest.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("Schema registry at " + gateway.url() + " refused the TLS handshake: its"
                        + " certificate is not trusted, or not for this host (PKIX path building failed)")
                .hasMessageEndingWith("trust the CA that signed it with schema.registry.ssl.truststore.location")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void shouldRefuseATrustStoreThatCannotBeOpenedInOneLineWithoutItsPassword() {
        final RegistryTrust wrongPassword = new RegistryTrust(authority.trustStore(), "not-the-password", "PKCS12");

        assertThatThrownBy(wrongPassword::sslContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the registry's trust store " + authority.trustStore() + " cannot be opened")
                .hasMessageNotContaining("not-the-password");
        assertThat(wrongPassword.toString()).doesNotContain("not-the-password");
    }
}
