package io.seedance.streams.bench;

import io.seedance.streams.topology.Topics;
import io.seedance.streams.upstream.SeedanceApi;

/** One implementation of the job under benchmark, running until closed. */
interface Contender extends AutoCloseable {

    /** Starts an implementation that reads requests from and writes results to {@code topics}. */
    interface Factory {
        String name();

        Contender start(String bootstrapServers, String registryUrl, Topics topics, SeedanceApi api, Workload workload);
    }

    @Override
    void close();
}
