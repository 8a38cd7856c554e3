package io.seedance.streams.bench;

import java.time.Duration;

/**
 * What a benchmark run asks of the system: {@code requests} videos, an upstream that accepts
 * {@code perMinute} generate calls a minute, answers every call after {@code latency}, and takes
 * {@code generation} (± {@code spread}) to make a video.
 */
record Workload(int requests, int perMinute, Duration latency, Duration generation, Duration spread) {

    /** The best any client can do: submit at exactly the rate limit, then wait for the last video. */
    Duration ideal() {
        return Duration.ofMillis(Math.round(requests * 60_000.0 / perMinute)).plus(generation);
    }

    double perSecond() {
        return perMinute / 60.0;
    }

    @Override
    public String toString() {
        return "N=" + requests + ", R=" + perMinute + "/min, L=" + latency.toMillis() + " ms, G="
                + generation.toSeconds() + " s";
    }
}
