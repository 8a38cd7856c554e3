package io.seedance.streams.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** One answer of the simulated upstream, or {@link #HANG}: no answer at all. */
record Reply(int status, String contentType, byte[] body, Optional<Duration> retryAfter) {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Reply HANG = new Reply(0, "", new byte[0], Optional.empty());

    static Reply json(final int status, final JsonNode body) {
        return new Reply(
                status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    /** The API's error shape: {@code {"code": 1, "message": ...}}. */
    static Reply error(final int status, final String message) {
        return json(status, JSON.createObjectNode().put("code", 1).put("message", message));
    }

    /** A 429 with a whole-second {@code Retry-After}, at least one. */
    static Reply tooMany(final String message, final Duration wait) {
        final long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        final Reply reply = error(429, message);
        return new Reply(429, reply.contentType(), reply.body(), Optional.of(Duration.ofSeconds(seconds)));
    }
}
