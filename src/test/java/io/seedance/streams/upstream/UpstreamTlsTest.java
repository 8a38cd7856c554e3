package io.seedance.streams.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.simulator.SeedanceSimulator;
import io.seedance.streams.simulator.SimulatorConfig;
import io.seedance.streams.simulator.SimulatorTls;
import io.seedance.streams.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Seedance API over HTTPS, against the simulator serving a certificate that a CA made by this
 * test signed: trusted through {@code SEEDANCE_CA_FILE}'s PEM file, and refused in one line without it.
 */
class UpstreamTlsTest {

    @TempDir
    static Path dir;

    private static TestCertificates authority;
    private static SeedanceSimulator simulator;

    @BeforeAll
    static void startAnHttpsSimulator() throws Exception {
        authority = TestCertificates.authority(Files.createDirectories(dir.resolve("ca")), "test-upstream-ca");
        simulator = SeedanceSimulator.start(
                SimulatorConfig.builder().build(),
                Clock.systemUTC(),
                Optional.of(new SimulatorTls(authority.serverKeyStore("simulator"), TestCertificates.PASSWORD)));
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void shouldServeHttps() {
        assertThat(simulator.baseUrl().getScheme()).isEqualTo("https");
    }

    @Test
    void shouldCallAnUpstreamWhoseCertificateTheTrustedAuthoritySigned() throws Exception {
        final ApiOutcome outcome = client(Optional.of(TrustedCertificates.fromPem(authority.certificatePem())))
                .generate(GenerationRequest.ofPrompt("a cat"))
                .get(10, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(ApiOutcome.Accepted.class);
    }

    @Test
    void shouldSayInOneLineThatTheUpstreamsCertificateIsNotTrustedWithoutTheAuthority() throws Exception {
        final ApiOutcome outcome = client(Optional.empty()).query("t-1").get(10, TimeUnit.SECONDS);

        assertUntrusted(outcome);
    }

    @Test
    void shouldTrustTheJdksAuthoritiesBesideTheConfiguredOnesForVideoLinksOnly() throws Exception {
        final TrustedCertificates configured = TrustedCertificates.fromPem(authority.certificatePem());
        final TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        final X509Certificate[] jdkAuthorities = ((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers();

        final TrustedCertificates forVideoLinks = configured.withJdkAuthorities();

        // A video on a public CDN is checked against the JDK's list; the API, against the file alone.
        assertThat(jdkAuthorities).isNotEmpty();
        assertThat(forVideoLinks.size()).isEqualTo(configured.size() + jdkAuthorities.length);
        assertThat(forVideoLinks.contains(jdkAuthorities[0])).isTrue();
        assertThat(configured.contains(jdkAuthorities[0])).isFalse();
    }

    @Test
    void shouldRefuseACertificateThatAnotherAuthoritySigned() throws Exception {
        final TestCertificates other =
                TestCertificates.authority(Files.createDirectories(dir.resolve("other")), "another-ca");

        final ApiOutcome outcome = client(Optional.of(TrustedCertificates.fromPem(other.certificatePem())))
                .query("t-1")
                .get(10, TimeUnit.SECONDS);

        assertUntrusted(outcome);
    }

    @Test
    void shouldRefuseAFileWithoutCertificatesInOneLine() throws Exception {
        final Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertThatThrownBy(() -> TrustedCertificates.fromPem(notPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(notPem + " ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> TrustedCertificates.fromPem(dir.resolve("missing.pem")))
                .hasMessage(dir.resolve("missing.pem") + " does not exist");
    }

    private static void assertUntrusted(final ApiOutcome outcome) {
        assertThat(outcome).isInstanceOf(ApiOutcome.Transient.class);
        final ApiOutcome.Transient failure = (ApiOutcome.Transient) outcome;
        assertThat(failure.cause()).isEqualTo(ApiOutcome.Cause.CONNECTION);
        assertThat(failure.detail())
                .isEqualTo("TLS: the upstream's certificate is not signed by a trusted authority: trust the CA that"
                        + " signed it with SEEDANCE_CA_FILE (a PEM file)");
    }

    private static HttpSeedanceClient client(final Optional<TrustedCertificates> trusted) {
        final SeedanceClientConfig config = SeedanceClientConfig.of(ApiKey.of(SimulatorConfig.DEFAULT_API_KEY))
                .withBaseUrl(simulator.baseUrl())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new HttpSeedanceClient(trusted.map(config::trusting).orElse(config));
    }
}
