package io.seedance.streams.service;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way operators write them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}, a bare number of milliseconds, or ISO-8601 ({@code PT1M30S}). One reader
 * for the configuration and the command line, so both accept the same words.
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {}

    /** The duration {@code value} names; an {@link IllegalArgumentException} that shows examples otherwise. */
    public static Duration parse(final String value) {
        final String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        final Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            final long amount = Long.parseLong(simple.group(1));
            final String unit = simple.group(2) == null ? "ms" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (examples: 500ms, 30s, 5m, PT1M30S)");
        }
    }

    /** The shortest of this class's own words for {@code duration}: {@code 200ms}, {@code 30s}, {@code 5m}, {@code 6h}. */
    public static String format(final Duration duration) {
        final long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
