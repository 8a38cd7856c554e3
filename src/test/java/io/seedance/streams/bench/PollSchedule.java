package io.seedance.streams.bench;

import java.time.Duration;

/** When the peers query a task: after {@code first}, then every {@code every} (the same for all of them). */
record PollSchedule(Duration first, Duration every) {}
