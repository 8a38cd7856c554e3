package io.seedance.streams.simulator;

import static io.seedance.streams.simulator.Reply.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bucket4j.TimeMeter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What the Seedance API does, without HTTP: per-key limits, injected faults, and tasks whose whole
 * life is decided when they are created, all read off an injected clock. The {@link
 * SeedanceSimulator} serves it. Finished tasks are forgotten after {@link
 * SimulatorConfig#taskRetention()}, as the real API forgets them, so that a simulator running for
 * days keeps bounded memory.
 */
final class SimulatedUpstream {

    /** The two endpoints. */
    enum Endpoint {
        GENERATE,
        QUERY
    }

    private final Clock clock;
    private final Instant started;
    private final Random random;
    private final SimulatorCounters counters;
    private final KeyLimits limits;
    private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, PriorityQueue<SimulatedTask>> unfinishedByKey = new ConcurrentHashMap<>();
    /** Accepted generate bodies still remembered, with how many tasks each made: duplicates are counted. */
    private final Map<String, Integer> acceptedBodies = new ConcurrentHashMap<>();

    private final Map<String, String> bodyOfTask = new ConcurrentHashMap<>();

    SimulatedUpstream(final Clock clock, final long seed, final SimulatorCounters counters) {
        this.clock = clock;
        this.started = clock.instant();
        this.random = new Random(seed);
        this.counters = counters;
        // Bucket4j on nanoseconds since this upstream started: it does arithmetic on them.
        final TimeMeter elapsed = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return Duration.between(started, clock.instant()).toNanos();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.limits = new KeyLimits(elapsed);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Answers one call: the key, the limits and the faults first, then the endpoint itself. A new
     * task with a callback URL is handed to {@code created} so that the server can call it back.
     */
    Reply answer(
            final Endpoint endpoint,
            final String key,
            final String method,
            final byte[] body,
            final String rawQuery,
            final SimulatorConfig cfg,
            final String publicUrl,
            final Consumer<SimulatedTask> created) {
        (endpoint == Endpoint.GENERATE ? counters.generateRequests : counters.queryRequests).incrementAndGet();
        if (key == null || !cfg.apiKeys().contains(key)) {
            counters.unauthorized.incrementAndGet();
            return Reply.error(401, "unauthorized: missing or invalid API key");
        }
        final String expected = endpoint == Endpoint.GENERATE ? "POST" : "GET";
        if (!expected.equals(method)) {
            return Reply.error(405, "method not allowed: use " + expected);
        }
        final int perMinute =
                endpoint == Endpoint.GENERATE ? cfg.generateRequestsPerMinute() : cfg.queryRequestsPerMinute();
        final Optional<Duration> wait = limits.tryAcquire(key, endpoint.name(), perMinute, cfg.rateWindow());
        if (wait.isPresent()) {
            counters.rateLimited.incrementAndGet();
            return Reply.tooMany("rate limit exceeded: " + perMinute + " requests per minute", wait.get());
        }
        final double draw = nextDouble();
        if (draw < cfg.hangRate()) {
            counters.hung.incrementAndGet();
            return Reply.HANG;
        }
        if (draw < cfg.hangRate() + cfg.errorRate()) {
            counters.serverErrors.incrementAndGet();
            return Reply.error(500, "internal server error");
        }
        if (draw < cfg.hangRate() + cfg.errorRate() + cfg.malformedRate()) {
            counters.malformed.incrementAndGet();
            return new Reply(
                    200,
                    "text/html",
                    "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
                    Optional.empty());
        }
        return endpoint == Endpoint.GENERATE
                ? generate(key, body, cfg, created)
                : query(key, QueryString.parameter(rawQuery, "task_id"), cfg, publicUrl);
    }

    private Reply generate(
            final String key, final byte[] body, final SimulatorConfig cfg, final Consumer<SimulatedTask> created) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (final IOException e) {
            counters.rejected.incrementAndGet();
            return Reply.error(400, "the body is not JSON");
        }
        final GenerationValidator.Result valid = GenerationValidator.validate(tree);
        if (!valid.valid()) {
            counters.rejected.incrementAndGet();
            return Reply.error(400, "invalid parameters: " + String.join("; ", valid.problems()));
        }
        final String prompt = PromptDirectives.promptOf(tree);
        final Optional<String> rejection = PromptDirectives.rejection(prompt);
        if (rejection.isPresent()) {
            counters.rejected.incrementAndGet();
            return Reply.error(400, rejection.get());
        }
        final Instant now = clock.instant();
        final PriorityQueue<SimulatedTask> unfinished = unfinishedByKey.computeIfAbsent(
                key, k -> new PriorityQueue<>(Comparator.comparing((SimulatedTask t) -> t.finishedAt)));
        final SimulatedTask task;
        synchronized (unfinished) {
            while (!unfinished.isEmpty() && unfinished.peek().finishedAt(now)) {
                unfinished.poll();
            }
            if (cfg.maxTasksInFlight() > 0 && unfinished.size() >= cfg.maxTasksInFlight()) {
                counters.rateLimited.incrementAndGet();
                return Reply.tooMany(
                        "too many tasks in flight: at most " + cfg.maxTasksInFlight(),
                        Duration.between(now, unfinished.peek().finishedAt));
            }
            task = newTask(key, valid, PromptDirectives.failure(prompt), cfg, now);
            unfinished.add(task);
        }
        tasks.put(task.id, task);
        counters.tasksCreated.incrementAndGet();
        final String accepted = tree.toString();
        bodyOfTask.put(task.id, accepted);
        if (acceptedBodies.merge(accepted, 1, Integer::sum) > 1) {
            counters.duplicateSubmissions.incrementAndGet();
        }
        if (cfg.callbacks() && task.callbackUrl.isPresent()) {
            created.accept(task);
        }
        final ObjectNode answer = JSON.createObjectNode().put("code", 0).put("message", "ok");
        answer.putObject("data").put("task_id", task.id);
        return Reply.json(200, answer);
    }

    private Reply query(final String key, final String taskId, final SimulatorConfig cfg, final String publicUrl) {
        if (taskId == null || taskId.isBlank()) {
            counters.rejected.incrementAndGet();
            return Reply.error(400, "invalid parameters: task_id is required");
        }
        final SimulatedTask task = tasks.get(taskId);
        if (task == null || !task.apiKey.equals(key)) {
            return Reply.error(404, "task not found");
        }
        task.queries.incrementAndGet();
        final Instant now = clock.instant();
        if (now.isBefore(task.createdAt.plus(cfg.notFoundAfterCreation()))) {
            return Reply.error(404, "task not found");
        }
        final ObjectNode answer = JSON.createObjectNode().put("code", 0).put("message", "ok");
        answer.set("data", taskData(task, now, cfg, publicUrl));
        return Reply.json(200, answer);
    }

    /** A task as the query endpoint (and a callback) shows it at {@code at}. */
    ObjectNode taskData(final SimulatedTask task, final Instant at, final SimulatorConfig cfg, final String publicUrl) {
        final SimulatedTask.Phase phase = task.phaseAt(at);
        final ObjectNode data = JSON.createObjectNode()
                .put("task_id", task.id)
                .put("status", cfg.vocabulary().word(phase));
        if (phase == SimulatedTask.Phase.SUCCEEDED) {
            data.putObject("result").put("video", publicUrl + SeedanceSimulator.VIDEO_PATH + task.id + ".mp4");
            data.put("consumed", task.consumed());
        } else {
            data.putNull("result");
            data.put("consumed", phase == SimulatedTask.Phase.FAILED ? "0.000000" : null);
        }
        data.putObject("status_reason").put("message", phase == SimulatedTask.Phase.FAILED ? task.failureReason : null);
        data.put("created_at", task.createdAt.toString());
        return data;
    }

    /** The task whose video is {@code id}, when it has succeeded and is still remembered. */
    Optional<SimulatedTask> video(final String id) {
        final SimulatedTask task = tasks.get(id);
        return task != null && task.phaseAt(clock.instant()) == SimulatedTask.Phase.SUCCEEDED
                ? Optional.of(task)
                : Optional.empty();
    }

    /** Forgets the tasks that finished more than {@code retention} ago; returns how many. */
    int forgetFinished(final Duration retention) {
        final Instant horizon = clock.instant().minus(retention);
        final List<SimulatedTask> old = tasks.values().stream()
                .filter(task -> task.finishedAt.isBefore(horizon))
                .toList();
        for (final SimulatedTask task : old) {
            tasks.remove(task.id);
            final String body = bodyOfTask.remove(task.id);
            if (body != null) {
                acceptedBodies.computeIfPresent(body, (b, n) -> n > 1 ? n - 1 : null);
            }
        }
        return old.size();
    }

    /** Tasks remembered now (created and not yet forgotten). */
    int tasksRemembered() {
        return tasks.size();
    }

    List<Instant> taskCreationTimes() {
        return tasks.values().stream().map(task -> task.createdAt).sorted().toList();
    }

    Map<String, Integer> queriesByTask() {
        return tasks.values().stream().collect(Collectors.toMap(t -> t.id, t -> t.queries.get()));
    }

    private SimulatedTask newTask(
            final String key,
            final GenerationValidator.Result valid,
            final Optional<String> requestedFailure,
            final SimulatorConfig cfg,
            final Instant now) {
        final long spread = cfg.generationSpread().toMillis();
        final long jitter = spread == 0 ? 0 : (long) ((nextDouble() * 2 - 1) * spread);
        final Duration planned = cfg.generationTime().plusMillis(jitter);
        final Duration generation = planned.isNegative() ? Duration.ZERO : planned;
        final Duration queued = cfg.queueTime().compareTo(generation) < 0 ? cfg.queueTime() : generation;
        final String id;
        final boolean fails;
        synchronized (random) {
            id = "ta" + new UUID(random.nextLong(), random.nextLong());
            fails = random.nextDouble() < cfg.failureRate();
        }
        final String failureReason = requestedFailure.orElse(fails ? cfg.failureReason() : null);
        return new SimulatedTask(
                id,
                key,
                now,
                now.plus(queued),
                now.plus(generation),
                failureReason,
                valid.durationSeconds(),
                cfg.pricePerSecond(),
                valid.callbackUrl());
    }

    double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
