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

    private static final int PER_MINUTE = 600;
    private static final int SECONDS = 75;
    private static final long VIDEO_BYTES = 5L << 20;

    private StorageScenario() {}

    static List<Table> run(final Arena arena) throws IOException {
        final Table table = new Table(
                "Storage: the durable copy's cost on saturation (R = 600 a minute in any 60 s, 5 MB videos, L = 500 ms,"
                        + " G = 5 s)",
                "storage",
                "N",
                "submits/s (steady)",
                "÷ R",
                "end to end (s)",
                "429s");
        double without = 0;
        for (final boolean storing : new boolean[] {false, true}) {
            final Path videos = Files.createTempDirectory("seedance-bench-videos-");
            try {
                final Workload workload = SaturationScenario.workload(PER_MINUTE, SECONDS);
                final Arena.Outcome outcome = arena.run(
                        OurService.factory(
                                SaturationScenario::config, () -> storing ? copier(videos) : Optional.empty()),
                        workload,
                        workload.ideal().multipliedBy(3).plusSeconds(30),
                        upstream -> upstream.videoBytes(VIDEO_BYTES));
                final double ratio = outcome.steadySubmitsPerSecond() / workload.perSecond();
                if (!storing) {
                    without = ratio;
                }
                table.row(
                        storing ? "filesystem, every video copied" : "none",
                        workload.requests(),
                        outcome.steadySubmitsPerSecond(),
                        ratio,
                        outcome.elapsed().toMillis() / 1000.0,
                        outcome.upstream().rateLimited()
                                + (outcome.finished() ? "" : " (unfinished: " + outcome.results() + " results)"));
                if (storing) {
                    table.note(String.format(
                            "With storage ÷ without: %.3f. Target: with storage ≥ 0.97 of R.", ratio / without));
                }
            } finally {
                try (Stream<Path> files = Files.walk(videos)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
        }
        return List.of(table);
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
