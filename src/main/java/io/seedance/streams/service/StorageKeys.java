package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.DURATION;
import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.notNegative;
import static io.seedance.streams.service.Rules.positive;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.storage.FilesystemVideoStore;
import io.seedance.streams.storage.VideoCopier;
import io.seedance.streams.topology.ProcessorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys of the durable copy: whether and where each video is copied before its
 * video-completed, and how hard the service tries.
 */
final class StorageKeys {

    /** Where videos are kept. */
    enum StorageType {
        NONE,
        FILESYSTEM
    }

    static final ConfigKey<String> STORAGE_TYPE = ConfigKey.of(
            "storage.type",
            STRING,
            "none",
            Rules.oneOf(StorageType.values()),
            MEDIUM,
            "Where a durable copy of each video is kept before its video-completed: none, or filesystem (a"
                    + " directory, served at /videos/<request_id>.mp4).");
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

    static final List<ConfigKey<?>> ALL = List.of(
            STORAGE_TYPE,
            STORAGE_DIR,
            STORAGE_PREFIX,
            STORAGE_PUBLIC_URL,
            STORAGE_MAX_MB,
            STORAGE_MAX_CONCURRENT,
            STORAGE_TIMEOUT,
            STORAGE_GIVE_UP_AFTER);

    private StorageKeys() {}

    /** The copier the keys describe; empty for {@code none}. */
    static Optional<VideoCopier> copier(
            final Function<ConfigKey<?>, Object> get, final Path stateDir, final String ownUrl) {
        final StorageType type = StorageType.valueOf(((String) get.apply(STORAGE_TYPE)).toUpperCase(Locale.ROOT));
        if (type == StorageType.NONE) {
            return Optional.empty();
        }
        final String dir = (String) get.apply(STORAGE_DIR);
        final String publicUrl = (String) get.apply(STORAGE_PUBLIC_URL);
        try {
            final FilesystemVideoStore store = new FilesystemVideoStore(
                    dir.isBlank() ? stateDir.resolve("videos") : Path.of(dir),
                    (String) get.apply(STORAGE_PREFIX),
                    publicUrl == null || publicUrl.isBlank() ? ownUrl : publicUrl);
            return Optional.of(new VideoCopier(
                    store,
                    ((Integer) get.apply(STORAGE_MAX_MB)).longValue() << 20,
                    (Integer) get.apply(STORAGE_MAX_CONCURRENT),
                    (Duration) get.apply(STORAGE_TIMEOUT)));
        } catch (final IOException e) {
            throw new IllegalStateException(
                    "Cannot use the storage directory (" + STORAGE_DIR.describe() + "): " + e.getMessage(), e);
        }
    }
}
