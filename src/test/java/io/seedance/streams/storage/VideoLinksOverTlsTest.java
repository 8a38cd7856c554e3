package io.seedance.streams.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.seedance.streams.testing.TestCertificates;
import io.seedance.streams.upstream.TrustedCertificates;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Videos on a host whose certificate a private CA signed: copied when {@code SEEDANCE_CA_FILE}
 * names that CA, and refused in one line naming the fix when it does not.
 */
class VideoLinksOverTlsTest {

    private static final byte[] VIDEO = {0, 0, 0, 24, 'f', 't', 'y', 'p'};

    @TempDir
    static Path dir;

    private static TestCertificates authority;
    private static HttpsServer links;
    private static URI link;

    @BeforeAll
    static void serveAVideoOverHttps() throws Exception {
        authority = TestCertificates.authority(Files.createDirectories(dir.resolve("ca")), "video-host-ca");
        links = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        links.setHttpsConfigurator(
                new HttpsConfigurator(TestCertificates.serverContext(authority.serverKeyStore("videos"))));
        links.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, VIDEO.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(VIDEO);
                }
            }
        });
        links.start();
        link = URI.create("https://localhost:" + links.getAddress().getPort() + "/video.mp4");
    }

    @AfterAll
    static void stop() {
        if (links != null) {
            links.stop(0);
        }
    }

    @Test
    void shouldCopyAVideoWhoseHostTheConfiguredAuthoritySigned() throws Exception {
        final SSLContext trust = TrustedCertificates.fromPem(authority.certificatePem())
                .withJdkAuthorities()
                .sslContext();

        try (VideoCopier copier = copier(Optional.of(trust))) {
            final VideoCopier.Outcome outcome =
                    copier.copy("r-1", link).orElseThrow().get();

            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            VideoCopier.Outcome.Copied.class,
                            copied -> assertThat(copied.video().bytes()).isEqualTo(VIDEO.length));
        }
    }

    @Test
    void shouldSayInOneLineThatTheVideosHostIsNotTrustedWithoutTheAuthority() throws Exception {
        try (VideoCopier copier = copier(Optional.empty())) {
            final VideoCopier.Outcome outcome =
                    copier.copy("r-2", link).orElseThrow().get();

            assertThat(outcome).isInstanceOfSatisfying(VideoCopier.Outcome.NotCopied.class, failed -> {
                assertThat(failed.reason())
                        .isEqualTo("the download failed: TLS: the video's host's certificate is not signed by a"
                                + " trusted authority: trust the CA that signed it with SEEDANCE_CA_FILE (a PEM file)");
                assertThat(failed.storeFailed()).as("not the store's doing").isFalse();
            });
        }
    }

    private static VideoCopier copier(final Optional<SSLContext> trust) throws Exception {
        return new VideoCopier(
                new FilesystemVideoStore(Files.createTempDirectory(dir, "store"), "videos/", "http://127.0.0.1:1"),
                1 << 20,
                2,
                Duration.ofSeconds(10),
                trust);
    }
}
