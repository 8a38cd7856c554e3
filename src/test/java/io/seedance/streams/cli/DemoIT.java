package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-command embedded default, as a newcomer runs it: a child JVM that must exit 0 with every request done. */
@Timeout(300)
class DemoIT {

    @Test
    void shouldRunEndToEndAndAgainOnTheSameData() throws Exception {
        final Path data = Files.createTempDirectory("seedance-demo-it-");
        for (int run = 1; run <= 2; run++) {
            try (ChildJvm demo = ChildJvm.start(
                    Map.of(), "demo", "--data-dir", data.toString(), "--generation-time", "1s", "--timeout", "2m")) {
                final int exit = demo.waitFor(240);
                final String output = demo.output();
                assertThat(exit).as("run %d:%n%s", run, output).isZero();
                assertThat(output).contains("All 5 requests are done");
                assertThat(output.lines().filter(line -> line.contains(" COMPLETED http://127.0.0.1:")))
                        .hasSize(4)
                        .allSatisfy(line -> assertThat(line).contains("/videos/demo-"));
                assertThat(output.lines()
                                .filter(line -> line.contains(" FAILED INVALID_REQUEST: prompt refers to @image1")))
                        .hasSize(1);
                // A newcomer's console: progress lines only, one per state; Kafka's routine warnings
                // and the service's log lines are in the data directory's demo.log.
                assertThat(output).doesNotContain(" WARN ").doesNotContain(" DONE");
                assertThat(data.resolve("demo.log")).content().contains("Kafka Streams");
            }
        }
        assertThat(data.resolve("kafka").resolve("meta.properties")).exists();
        try (var videos = Files.list(data.resolve("videos"))) {
            assertThat(videos).as("each run's four videos, kept").hasSize(8);
        }
        assertThat(data.resolve("schemas.jsonl")).exists();
    }
}
