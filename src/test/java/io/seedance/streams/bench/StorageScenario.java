package io.seedance.streams.bench;

import io.seedance.streams.storage.FilesystemVideoStore;
import io.seedance.streams.storage.VideoCopier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the durable copy costs at saturation: the saturation run at R = 600 a minute (R in any
 * 60 s) with 5 MB videos, once without storage and once copying every video to a filesystem store
 * before its event, in one run. Throughput is measured at the upstream (submissions), as for
 * saturation; the copies must not hold the submissions back.
 */
final class StorageScenario {

    private static final long VIDEO_BYTES = 5L << 20;

    private StorageScenario() {}

    static List<Table> run(final Arena arena) throws IOException {
        final Path videos = Files.createTempDirectory("seedance-bench-videos-");
        try {
            return List.of(SaturationPair.compare(
                    arena,
                    "Storage: the durable copy's cost on saturation (R = 600 a minute in any 60 s, 5 MB videos,"
                            + " L = 500 ms, G = 5 s)",
                    "storage",
                    "filesystem, every video copied",
                    OurService.factory(SaturationScenario::config, () -> copier(videos)),
                    upstream -> upstream.videoBytes(VIDEO_BYTES)));
        } finally {
            try (Stream<Path> files = Files.walk(videos)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Optional<VideoCopier> copier(final Path videos) {
        try {
            return Optional.of(new VideoCopier(
                    new FilesystemVideoStore(videos, "", "http://127.0.0.1:8080"), 1L << 30, 4, Duration.ofMinutes(5)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
