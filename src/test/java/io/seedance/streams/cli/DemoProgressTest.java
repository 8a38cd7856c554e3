package io.seedance.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.topology.TaskPhase;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoProgressTest {

    private final DemoProgress progress = new DemoProgress();

    @Test
    void shouldPrintOneLinePerStateAndTheResultOnceWithoutTheStoresDone() {
        assertThat(progress.update("r", Optional.empty(), Optional.empty())).contains("SENT");
        assertThat(progress.update("r", Optional.of(TaskPhase.QUEUED), Optional.empty()))
                .contains("QUEUED");
        assertThat(progress.update("r", Optional.of(TaskPhase.QUEUED), Optional.empty()))
                .isEmpty();
        assertThat(progress.update("r", Optional.of(TaskPhase.PENDING), Optional.empty()))
                .contains("PENDING");

        assertThat(progress.update("r", Optional.of(TaskPhase.DONE), Optional.empty()))
                .as("the store's DONE comes before the event is readable")
                .isEmpty();
        assertThat(progress.update("r", Optional.of(TaskPhase.DONE), Optional.of("COMPLETED http://v")))
                .contains("COMPLETED http://v");
        assertThat(progress.update("r", Optional.of(TaskPhase.DONE), Optional.of("COMPLETED http://v")))
                .isEmpty();
    }
}
