package io.seedance.streams.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The rules a configuration value must keep, as Kafka {@link ConfigDef.Validator}s. A rule says
 * what is wrong in words a person fixes it by ("must be positive"); the key and its environment
 * variable are added by {@link ServiceConfig}.
 */
final class Rules {

    private Rules() {}

    static ConfigDef.Validator positive() {
        return (name, value) -> {
            if (value instanceof Duration duration && (duration.isZero() || duration.isNegative())) {
                throw new ConfigException(name, Durations.format(duration), "must be positive");
            }
        };
    }

    static ConfigDef.Validator notNegative() {
        return (name, value) -> {
            if (value instanceof Duration duration && duration.isNegative()) {
                throw new ConfigException(name, value, "must not be negative");
            }
        };
    }

    static ConfigDef.Validator atLeast(final Number minimum) {
        return ConfigDef.Range.atLeast(minimum);
    }

    static ConfigDef.Validator between(final Number minimum, final Number maximum) {
        return ConfigDef.Range.between(minimum, maximum);
    }

    /** A share of something: at least 0 and below 1. */
    static ConfigDef.Validator share() {
        return (name, value) -> {
            if (value == null) {
                return;
            }
            final double share = (Double) value;
            if (!(share >= 0 && share < 1)) {
                throw new ConfigException(name, value, "must be at least 0 and below 1");
            }
        };
    }

    /** A percentage above 0, up to 100. */
    static ConfigDef.Validator percentage() {
        return (name, value) -> {
            if (value == null) {
                return;
            }
            final double percent = (Double) value;
            if (!(percent > 0 && percent <= 100)) {
                throw new ConfigException(name, value, "must be above 0 and at most 100");
            }
        };
    }

    static ConfigDef.Validator nonEmpty() {
        return new ConfigDef.NonEmptyString();
    }

    static ConfigDef.Validator nonEmptyList() {
        return (name, value) -> {
            // A missing value is reported by ConfigDef itself; this catches an empty one.
            if (value != null && ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "must not be empty");
            }
        };
    }

    /** One of {@code values}, in any case. */
    static ConfigDef.Validator oneOf(final Enum<?>... values) {
        return ConfigDef.CaseInsensitiveValidString.in(
                Arrays.stream(values).map(Enum::name).toArray(String[]::new));
    }

    /** A secret of at least {@code length} characters, when set. */
    static ConfigDef.Validator secretOfAtLeast(final int length) {
        return (name, value) -> {
            if (value instanceof Password secret && secret.value().length() < length) {
                // The value itself is never shown.
                throw new ConfigException("must have at least " + length + " characters");
            }
        };
    }

    static ConfigDef.Validator httpUrl() {
        return (name, value) -> {
            if (!(value instanceof String url) || !isHttpUrl(url.strip())) {
                throw new ConfigException(name, value, "must be an http(s) URL");
            }
        };
    }

    /** Each entry an http(s) URL with a host, or {@code mock://<scope>} for the in-memory registry. */
    static ConfigDef.Validator registryUrls() {
        return (name, value) -> {
            nonEmptyList().ensureValid(name, value);
            if (value != null) {
                for (final Object entry : (List<?>) value) {
                    final String url = String.valueOf(entry).trim();
                    if (!url.startsWith("mock://") && !isHttpUrl(url)) {
                        throw new ConfigException(
                                name,
                                url,
                                "must be http(s)://host[:port] (or mock://<scope> for an in-memory registry)");
                    }
                }
            }
        };
    }

    /** Checks what is set; an unset or blank value is the key's "off". */
    static ConfigDef.Validator optional(final ConfigDef.Validator rule) {
        return (name, value) -> {
            if (value != null && !String.valueOf(value).isBlank()) {
                rule.ensureValid(name, value);
            }
        };
    }

    private static boolean isHttpUrl(final String value) {
        try {
            final URI uri = new URI(value);
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (final URISyntaxException e) {
            return false;
        }
    }

    /** A text that {@code parser} reads without an IllegalArgumentException; its message says what is wrong. */
    static ConfigDef.Validator readBy(final java.util.function.Consumer<String> parser) {
        return (name, value) -> {
            if (value == null) {
                return;
            }
            try {
                parser.accept((String) value);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }
}
