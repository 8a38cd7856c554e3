package io.seedance.streams.storage;

import io.seedance.streams.upstream.TlsFailures;
import io.seedance.streams.upstream.TrustedCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Videos as objects of an S3-compatible store (AWS S3, MinIO, Ceph RGW, Cloudflare R2, GCS in
 * interoperability mode), through the AWS SDK for Java v2. A video's length is not known in
 * advance, so it goes up as a multipart upload in parts of {@link #PART_BYTES}, read one at a time
 * into one reused buffer: memory is a part per copy whatever the video's size. An upload that
 * fails or goes over the cap is aborted, so the store keeps a whole video or none; the key is the
 * request id, so the next try replaces it.
 */
public final class S3VideoStore implements VideoStore {

    /** 8 MiB: above S3's 5 MiB minimum for every part but the last. */
    static final int PART_BYTES = 8 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3VideoStore(final S3Client s3, final String bucket, final String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * A client for an S3-compatible store: checksums only where S3 requires them (third-party
     * stores do not all take the SDK's newer default ones), over the JDK's HTTP client.
     *
     * @param endpoint    empty or null: AWS S3 in {@code region}
     * @param accessKeyId empty or null: the AWS default credentials chain
     */
    public static S3Client client(
            final String endpoint,
            final String region,
            final boolean pathStyle,
            final String accessKeyId,
            final String secretAccessKey) {
        return client(endpoint, region, pathStyle, accessKeyId, secretAccessKey, Optional.empty());
    }

    /** With {@code trusted}, the endpoint's certificate is checked against these authorities only. */
    public static S3Client client(
            final String endpoint,
            final String region,
            final boolean pathStyle,
            final String accessKeyId,
            final String secretAccessKey,
            final Optional<TrustedCertificates> trusted) {
        final UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        trusted.ifPresent(authorities -> http.tlsTrustManagersProvider(authorities::trustManagers));
        final S3ClientBuilder client = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null && !endpoint.isBlank()) {
            client.endpointOverride(URI.create(endpoint));
        }
        if (accessKeyId != null && !accessKeyId.isBlank()) {
            client.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
        }
        return client.build();
    }

    @Override
    public StoredVideo put(final String requestId, final InputStream body, final long maxBytes) throws IOException {
        final String key = keyOf(requestId);
        final String upload;
        try {
            upload = s3.createMultipartUpload(
                            request -> request.bucket(bucket).key(key).contentType("video/mp4"))
                    .uploadId();
        } catch (final SdkException e) {
            throw new IOException(describeFailure("start an upload of " + key, e), e);
        }
        try {
            final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            final byte[] part = new byte[PART_BYTES];
            final List<CompletedPart> parts = new ArrayList<>();
            long bytes = 0;
            int filled;
            while ((filled = body.readNBytes(part, 0, PART_BYTES)) > 0 || parts.isEmpty()) {
                bytes += filled;
                if (bytes > maxBytes) {
                    throw new VideoTooLargeException(maxBytes);
                }
                if (filled == 0) {
                    throw new IOException("the video's link answered an empty body");
                }
                sha256.update(part, 0, filled);
                final int number = parts.size() + 1;
                final String etag = s3.uploadPart(
                                request -> request.bucket(bucket)
                                        .key(key)
                                        .uploadId(upload)
                                        .partNumber(number),
                                RequestBody.fromInputStream(new java.io.ByteArrayInputStream(part, 0, filled), filled))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (filled < PART_BYTES) {
                    break;
                }
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket)
                    .key(key)
                    .uploadId(upload)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build()));
            return new StoredVideo("s3://" + bucket + "/" + key, HexFormat.of().formatHex(sha256.digest()), bytes);
        } catch (final IOException | RuntimeException | java.security.NoSuchAlgorithmException e) {
            abort(key, upload);
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof SdkException sdk) {
                throw new IOException(describeFailure("upload " + key, sdk), sdk);
            }
            throw new IllegalStateException(e);
        }
    }

    private void abort(final String key, final String upload) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(upload));
        } catch (final SdkException ignored) {
            // The store's lifecycle rules clean up what an abort could not; the next try replaces the object.
        }
    }

    String keyOf(final String requestId) {
        return prefix + requestId + ".mp4";
    }

    /** One line, naming the bucket and the store's own error code; never a credential. */
    private String describeFailure(final String what, final SdkException e) {
        if (e instanceof S3Exception s3e) {
            // A HEAD answer has no body, so no error code: its status and the exception's kind say it.
            final String code =
                    s3e.awsErrorDetails() != null && s3e.awsErrorDetails().errorCode() != null
                            ? s3e.awsErrorDetails().errorCode()
                            : s3e.getClass().getSimpleName().replace("Exception", "");
            return "could not " + what + " in bucket " + bucket + ": " + code + " (HTTP " + s3e.statusCode() + ")";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return "could not " + what + " in bucket " + bucket + ": TLS: "
                        + TlsFailures.explain(tls, "the S3 endpoint", "STORAGE_S3_CA_FILE");
            }
        }
        return "could not " + what + " in bucket " + bucket + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** The bucket answers, and these credentials may use it (HeadBucket). */
    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (final SdkException e) {
            throw new IOException(describeFailure("reach the bucket", e), e);
        }
    }

    @Override
    public String describe() {
        return "the S3 bucket " + bucket + (prefix.isEmpty() ? "" : " under " + prefix);
    }
}
