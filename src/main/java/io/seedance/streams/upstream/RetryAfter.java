package io.seedance.streams.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: a number of seconds, or an HTTP-date. */
final class RetryAfter {

    /** Longer waits than this are taken as this: a task's own deadline decides the rest. */
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {}

    static Optional<Duration> parse(final String header, final Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        final String value = header.strip();
        try {
            return Optional.of(clamp(Duration.ofSeconds(Long.parseLong(value))));
        } catch (final NumberFormatException notSeconds) {
            try {
                final ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(clamp(Duration.between(clock.instant(), at.toInstant())));
            } catch (final DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration clamp(final Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
