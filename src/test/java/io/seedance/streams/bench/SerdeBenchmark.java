package io.seedance.streams.bench;

import java.util.List;

final class SerdeBenchmark {

    private SerdeBenchmark() {
    }

    static List<Table> run() {
        return List.of();
    }
}
