package io.seedance.streams.cli;

import io.seedance.streams.service.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Command-line options take durations in the same words as the configuration ({@link Durations}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(final String value) {
        return Durations.parse(value);
    }
}
