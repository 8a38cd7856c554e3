package io.seedance.streams.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.testing.TestCertificates;
import io.seedance.streams.upstream.TrustedCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible store over HTTPS whose certificate a private CA signed (S3Proxy with a
 * certificate this test's CA signed): trusted through {@code STORAGE_S3_CA_FILE}, and refused in
 * one line naming that key without it.
 */
class S3OverTlsTest {

    private static final String ID = "s3-tls-access-key";
    private static final String SECRET = "s3-tls-secret-key";

    @TempDir
    static Path dir;

    private static TestCertificates authority;
    private static S3Proxy proxy;
    private static String endpoint;

    @BeforeAll
    static void startAnHttpsStore() throws Exception {
        authority = TestCertificates.authority(Files.createDirectories(dir.resolve("ca")), "s3-ca");
        final BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(authority.serverKeyStore("s3").toString(), TestCertificates.PASSWORD)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ID, SECRET)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        endpoint = "https://localhost:" + proxy.getSecurePort();
        try (S3Client s3 = client(Optional.of(TrustedCertificates.fromPem(authority.certificatePem())))) {
            s3.createBucket(request -> request.bucket("videos"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
    }

    @Test
    void shouldStoreAVideoInAStoreWhoseCertificateTheConfiguredAuthoritySigned() throws Exception {
        try (S3Client s3 = client(Optional.of(TrustedCertificates.fromPem(authority.certificatePem())))) {
            final S3VideoStore store = new S3VideoStore(s3, "videos", "videos/");
            store.check();

            final StoredVideo video = store.put("r-1", new ByteArrayInputStream(new byte[] {1, 2, 3}), 1 << 20);

            assertThat(video.bytes()).isEqualTo(3);
        }
    }

    @Test
    void shouldSayInOneLineThatTheStoresCertificateIsNotTrustedWithoutTheAuthority() {
        try (S3Client s3 = client(Optional.empty())) {
            final S3VideoStore store = new S3VideoStore(s3, "videos", "videos/");

            assertThatThrownBy(store::check)
                    .isInstanceOf(IOException.class)
                    .hasMessage("could not reach the bucket in bucket videos: TLS: the S3 endpoint's certificate is"
                            + " not signed by a trusted authority: trust the CA that signed it with STORAGE_S3_CA_FILE"
                            + " (a PEM file)");
        }
    }

    private static S3Client client(final Optional<TrustedCertificates> trusted) {
        return S3VideoStore.client(endpoint, "us-east-1", true, ID, SECRET, trusted);
    }
}
