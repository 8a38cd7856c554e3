package io.seedance.streams.bench;

import java.util.List;

final class QueryEfficiencyScenario {

    private QueryEfficiencyScenario() {
    }

    static List<Table> run(final Arena arena) {
        return List.of();
    }
}
