package io.seedance.streams.upstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The upstream API key. It leaves this object only as the {@code Authorization} header value;
 * {@link #toString()} never shows it, so it cannot reach a log line or an exception message by
 * accident.
 */
public final class ApiKey {

    private final String value;

    private ApiKey(final String value) {
        this.value = value;
    }

    /** A key given as a value (from an environment variable, say). */
    public static ApiKey of(final String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the API key is empty");
        }
        final String key = value.strip();
        if (key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            // A control character or space would corrupt (or inject into) the HTTP header.
            throw new IllegalArgumentException("the API key contains whitespace or control characters");
        }
        return new ApiKey(key);
    }

    /** A key read from a file (a mounted secret, say); surrounding whitespace is ignored. */
    public static ApiKey fromFile(final Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the API key file " + file + ": " + e.getClass().getSimpleName());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in " + file + ")");
        }
    }

    /** The value of the {@code Authorization} header. */
    String authorization() {
        return "Bearer " + value;
    }

    /** True when {@code candidate} is this key; compared in constant time. */
    public boolean matches(final String candidate) {
        return candidate != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ApiKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
