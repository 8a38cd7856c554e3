package io.seedance.streams.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 store against a real S3-compatible server (S3Proxy, in this JVM, over HTTP with AWS signatures). */
class S3VideoStoreTest {

    private static final String ID = "test-access-key";
    private static final String SECRET = "test-secret-key-never-logged";
    private static S3Proxy proxy;
    private static String endpoint;
    private static S3Client s3;

    @BeforeAll
    static void startServer() throws Exception {
        final Properties properties = new Properties();
        final BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ID, SECRET)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.onSpinWait();
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
        s3 = S3VideoStore.client(endpoint, "us-east-1", true, ID, SECRET);
        s3.createBucket(request -> request.bucket("videos"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
        proxy.stop();
    }

    @Test
    void shouldUploadAVideoOfSeveralPartsWhole() throws Exception {
        final byte[] video = new byte[S3VideoStore.PART_BYTES * 2 + 12_345];
        new Random(3).nextBytes(video);
        final S3VideoStore store = new S3VideoStore(s3, "videos", "generated/");

        final StoredVideo stored = store.put("r-1", new ByteArrayInputStream(video), 100L << 20);

        assertThat(stored.url()).isEqualTo("s3://videos/generated/r-1.mp4");
        assertThat(stored.bytes()).isEqualTo(video.length);
        assertThat(stored.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(video)));
        assertThat(s3.getObjectAsBytes(request -> request.bucket("videos").key("generated/r-1.mp4"))
                        .asByteArray())
                .isEqualTo(video);

        // Made again after a crash: the same one object.
        store.put("r-1", new ByteArrayInputStream(new byte[] {1, 2}), 100L << 20);
        assertThat(s3.listObjectsV2(request -> request.bucket("videos").prefix("generated/"))
                        .contents())
                .singleElement()
                .satisfies(object -> assertThat(object.size()).isEqualTo(2));
    }

    @Test
    void shouldKeepNothingOfAVideoOverTheCap() {
        final S3VideoStore store = new S3VideoStore(s3, "videos", "");

        assertThatThrownBy(() -> store.put(
                        "big",
                        new ByteArrayInputStream(new byte[S3VideoStore.PART_BYTES + 10]),
                        S3VideoStore.PART_BYTES))
                .isInstanceOf(VideoTooLargeException.class);
        assertThatThrownBy(
                        () -> s3.headObject(request -> request.bucket("videos").key("big.mp4")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(s3.listMultipartUploads(request -> request.bucket("videos")).uploads())
                .as("the upload was aborted")
                .isEmpty();
    }

    @Test
    void shouldCheckAtStartThatTheBucketIsThereAndTheCredentialsWork() throws IOException {
        new S3VideoStore(s3, "videos", "").check();

        assertThatThrownBy(() -> new S3VideoStore(s3, "no-such-bucket", "").check())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not reach the bucket in bucket no-such-bucket: NoSuchBucket (HTTP 404)");
        try (S3Client wrong = S3VideoStore.client(endpoint, "us-east-1", true, ID, "not-the-secret")) {
            assertThatThrownBy(() -> new S3VideoStore(wrong, "videos", "").check())
                    .hasMessageContaining("bucket videos")
                    .hasMessageContaining("403")
                    .hasMessageNotContaining("not-the-secret");
        }
    }

    @Test
    void shouldNameTheBucketAndTheCauseWithoutTheSecret() {
        try (S3Client wrong = S3VideoStore.client(endpoint, "us-east-1", true, ID, "not-the-secret")) {
            final S3VideoStore store = new S3VideoStore(wrong, "videos", "");
            assertThatThrownBy(() -> store.put("r-2", new ByteArrayInputStream(new byte[] {1}), 10))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("bucket videos")
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageNotContaining("not-the-secret")
                    .hasMessageNotContaining(SECRET);
        }
    }
}
