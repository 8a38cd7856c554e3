package io.seedance.streams.cli;

import io.seedance.streams.topology.TaskPhase;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the demo prints of each request: one line per change of state. A request's terminal line
 * is its result event (COMPLETED with the video, or FAILED with the reason); the store's DONE,
 * which comes a moment before the event is readable, is not a state of its own.
 */
final class DemoProgress {

    private final Map<String, String> shown = new HashMap<>();

    /**
     * The line to print for {@code requestId} now, if its state changed: its {@code result} when
     * there is one, else its phase in the store ({@code SENT} before the service has it).
     */
    Optional<String> update(final String requestId, final Optional<TaskPhase> phase, final Optional<String> result) {
        final String state;
        if (result.isPresent()) {
            state = result.get();
        } else if (phase.isPresent() && phase.get() == TaskPhase.DONE) {
            return Optional.empty();
        } else {
            state = phase.map(Enum::name).orElse("SENT");
        }
        return state.equals(shown.put(requestId, state)) ? Optional.empty() : Optional.of(state);
    }
}
