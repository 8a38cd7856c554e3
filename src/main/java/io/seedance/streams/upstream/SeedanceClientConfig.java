package io.seedance.streams.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API is, the key to call it with, how long to wait for it, and which certificate
 * authorities to trust for its TLS certificate (empty: the JDK's own).
 */
public record SeedanceClientConfig(
        URI baseUrl,
        ApiKey apiKey,
        Duration connectTimeout,
        Duration requestTimeout,
        Optional<TrustedCertificates> trusted) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.defapi.org");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public SeedanceClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the Seedance base URL must be http(s)://host[:port], got " + baseUrl);
        }
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Seedance base URL must not carry credentials");
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(requestTimeout, "request timeout");
        Objects.requireNonNull(trusted, "trusted");
    }

    /** The real API with default timeouts. */
    public static SeedanceClientConfig of(final ApiKey apiKey) {
        return new SeedanceClientConfig(
                DEFAULT_BASE_URL, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, Optional.empty());
    }

    public SeedanceClientConfig withBaseUrl(final URI url) {
        return new SeedanceClientConfig(url, apiKey, connectTimeout, requestTimeout, trusted);
    }

    public SeedanceClientConfig withTimeouts(final Duration connect, final Duration request) {
        return new SeedanceClientConfig(baseUrl, apiKey, connect, request, trusted);
    }

    /** Trusting only {@code authorities} for the API's certificate. */
    public SeedanceClientConfig trusting(final TrustedCertificates authorities) {
        return new SeedanceClientConfig(baseUrl, apiKey, connectTimeout, requestTimeout, Optional.of(authorities));
    }

    private static void requirePositive(final Duration value, final String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be positive, got " + value);
        }
    }
}
