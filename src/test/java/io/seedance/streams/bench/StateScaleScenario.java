package io.seedance.streams.bench;

import java.util.List;

final class StateScaleScenario {

    private StateScaleScenario() {
    }

    static List<Table> run(final Arena arena) {
        return List.of();
    }
}
