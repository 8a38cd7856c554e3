package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.BOOLEAN;
import static io.seedance.streams.service.ConfigKey.Kind.DURATION;
import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.PASSWORD;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.notNegative;
import static io.seedance.streams.service.Rules.positive;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.storage.FilesystemVideoStore;
import io.seedance.streams.storage.S3VideoStore;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.storage.VideoStore;
import io.seedance.streams.topology.ProcessorConfig;
import io.seedance.streams.upstream.TrustedCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.types.Password;

/**
 * The keys of the durable copy: whether and where each video is copied before its
 * video-completed, and how hard the service tries.
 */
final class StorageKeys {

    /** Where videos are kept. */
    enum StorageType {
        NONE,
        FILESYSTEM,
        S3
    }

    static final ConfigKey<String> STORAGE_TYPE = ConfigKey.of(
            "storage.type",
            STRING,
            "none",
            Rules.oneOf(StorageType.values()),
            MEDIUM,
            "Where a durable copy of each video is kept before its video-completed: none, filesystem (a"
                    + " directory, served at /videos/<request_id>.mp4) or s3 (any S3-compatible store).");
    static final ConfigKey<String> STORAGE_DIR = ConfigKey.of(
            "storage.dir",
            STRING,
            "",
            null,
            MEDIUM,
            "The directory of a filesystem store; empty: videos/ in the state directory.");
    static final ConfigKey<String> STORAGE_PREFIX =
            ConfigKey.of("storage.prefix", STRING, "", null, LOW, "Put before each video's name in the store.");
    static final ConfigKey<String> STORAGE_PUBLIC_URL = ConfigKey.of(
            "storage.public.url",
            STRING,
            "",
            Rules.optional(Rules.httpUrl()),
            LOW,
            "The base of a filesystem store's video URLs, as readers reach this service; empty:"
                    + " http://<advertised.host>:<http.port>.");
    static final ConfigKey<Integer> STORAGE_MAX_MB = ConfigKey.of(
            "storage.max.mb",
            INT,
            1024,
            atLeast(1),
            MEDIUM,
            "The largest video copied, in MiB; a larger one is delivered without a copy, saying why.");
    static final ConfigKey<Integer> STORAGE_MAX_CONCURRENT = ConfigKey.of(
            "storage.max.concurrent",
            INT,
            4,
            atLeast(1),
            LOW,
            "Copies at once, per instance; each streams with a 64 KiB buffer.");
    static final ConfigKey<Duration> STORAGE_TIMEOUT = ConfigKey.of(
            "storage.timeout", DURATION, Duration.ofMinutes(10), positive(), LOW, "How long one copy may take.");
    static final ConfigKey<Duration> STORAGE_GIVE_UP_AFTER = ConfigKey.of(
            "storage.give.up.after",
            DURATION,
            ProcessorConfig.builder().build().storageGiveUpAfter(),
            notNegative(),
            MEDIUM,
            "From a video's success upstream, how long copies are tried (with backoff) before it is delivered"
                    + " without one, with the upstream's link and storage_error; keep it well inside the link's life"
                    + " (about 24 h).");

    static final ConfigKey<String> S3_BUCKET =
            ConfigKey.of("storage.s3.bucket", STRING, "", null, MEDIUM, "The bucket of an s3 store; required with it.");
    static final ConfigKey<String> S3_ENDPOINT = ConfigKey.of(
            "storage.s3.endpoint",
            STRING,
            "",
            Rules.optional(Rules.httpUrl()),
            MEDIUM,
            "The endpoint of an S3-compatible store (MinIO, Ceph RGW, R2, GCS); empty: AWS S3 of storage.s3.region.");
    static final ConfigKey<String> S3_CA_FILE = ConfigKey.of(
            "storage.s3.ca.file",
            STRING,
            "",
            null,
            LOW,
            "A PEM file of the certificate authorities to trust for an https storage.s3.endpoint's certificate,"
                    + " instead of the JDK's (a store behind a private CA); empty: the JDK's.");
    static final ConfigKey<String> S3_REGION =
            ConfigKey.of("storage.s3.region", STRING, "us-east-1", Rules.nonEmpty(), MEDIUM, "The store's region.");
    static final ConfigKey<Boolean> S3_PATH_STYLE = ConfigKey.of(
            "storage.s3.path.style",
            BOOLEAN,
            false,
            null,
            LOW,
            "Address the bucket in the path (http://endpoint/bucket/key), as MinIO and most S3-compatible stores"
                    + " want, instead of in the host name.");
    static final ConfigKey<String> S3_ACCESS_KEY_ID = ConfigKey.of(
            "storage.s3.access.key.id",
            STRING,
            "",
            null,
            MEDIUM,
            "With storage.s3.secret.access.key, the store's credentials; empty: the AWS default chain"
                    + " (AWS_ACCESS_KEY_ID, profiles, instance and container roles, web identity).");
    static final ConfigKey<Password> S3_SECRET_ACCESS_KEY = ConfigKey.of(
            "storage.s3.secret.access.key",
            PASSWORD,
            null,
            null,
            MEDIUM,
            "The secret of storage.s3.access.key.id; never logged.");

    static final List<ConfigKey<?>> ALL = List.of(
            STORAGE_TYPE,
            STORAGE_DIR,
            STORAGE_PREFIX,
            STORAGE_PUBLIC_URL,
            STORAGE_MAX_MB,
            STORAGE_MAX_CONCURRENT,
            STORAGE_TIMEOUT,
            STORAGE_GIVE_UP_AFTER,
            S3_BUCKET,
            S3_ENDPOINT,
            S3_CA_FILE,
            S3_REGION,
            S3_PATH_STYLE,
            S3_ACCESS_KEY_ID,
            S3_SECRET_ACCESS_KEY);

    private StorageKeys() {}

    /** What no single key's rule can see: an s3 store needs a bucket, and credentials come in pairs. */
    static void check(final Map<String, Object> values, final List<String> problems) {
        if (typeOf(STORAGE_TYPE.read(values)) == StorageType.S3
                && S3_BUCKET.read(values).isBlank()) {
            problems.add(S3_BUCKET.describe() + ": required when " + STORAGE_TYPE.describe() + " is s3");
        }
        final boolean id = !S3_ACCESS_KEY_ID.read(values).isBlank();
        final Password secret = S3_SECRET_ACCESS_KEY.read(values);
        if (id != (secret != null && !secret.value().isBlank())) {
            problems.add(S3_ACCESS_KEY_ID.describe() + " and " + S3_SECRET_ACCESS_KEY.describe()
                    + ": set both, or neither for the AWS default chain");
        }
    }

    private static StorageType typeOf(final String spelling) {
        return StorageType.valueOf(spelling.toUpperCase(Locale.ROOT));
    }

    /**
     * The copier the keys describe; empty for {@code none}. {@code videoHostTrust} checks the video
     * hosts' certificates, when {@code SEEDANCE_CA_FILE} adds authorities to the JDK's; {@code
     * s3Trust} the S3 endpoint's, when {@code storage.s3.ca.file} names its authorities.
     */
    static Optional<VideoCopier> copier(
            final Function<ConfigKey<?>, Object> get,
            final Path stateDir,
            final String ownUrl,
            final Optional<SSLContext> videoHostTrust,
            final Optional<TrustedCertificates> s3Trust) {
        final StorageType type = typeOf((String) get.apply(STORAGE_TYPE));
        if (type == StorageType.NONE) {
            return Optional.empty();
        }
        if (type == StorageType.S3) {
            return Optional.of(copier(get, s3Store(get, s3Trust), videoHostTrust));
        }
        final String dir = (String) get.apply(STORAGE_DIR);
        final String publicUrl = (String) get.apply(STORAGE_PUBLIC_URL);
        try {
            return Optional.of(copier(
                    get,
                    new FilesystemVideoStore(
                            dir.isBlank() ? stateDir.resolve("videos") : Path.of(dir),
                            (String) get.apply(STORAGE_PREFIX),
                            publicUrl == null || publicUrl.isBlank() ? ownUrl : publicUrl),
                    videoHostTrust));
        } catch (final IOException e) {
            throw new IllegalStateException(
                    "Cannot use the storage directory (" + STORAGE_DIR.describe() + "): " + e.getMessage(), e);
        }
    }

    private static VideoCopier copier(
            final Function<ConfigKey<?>, Object> get,
            final VideoStore store,
            final Optional<SSLContext> videoHostTrust) {
        return new VideoCopier(
                store,
                ((Integer) get.apply(STORAGE_MAX_MB)).longValue() << 20,
                (Integer) get.apply(STORAGE_MAX_CONCURRENT),
                (Duration) get.apply(STORAGE_TIMEOUT),
                videoHostTrust);
    }

    private static S3VideoStore s3Store(
            final Function<ConfigKey<?>, Object> get, final Optional<TrustedCertificates> s3Trust) {
        final Password secret = (Password) get.apply(S3_SECRET_ACCESS_KEY);
        return new S3VideoStore(
                S3VideoStore.client(
                        (String) get.apply(S3_ENDPOINT),
                        (String) get.apply(S3_REGION),
                        (Boolean) get.apply(S3_PATH_STYLE),
                        (String) get.apply(S3_ACCESS_KEY_ID),
                        secret == null ? null : secret.value(),
                        s3Trust),
                (String) get.apply(S3_BUCKET),
                (String) get.apply(STORAGE_PREFIX));
    }
}
