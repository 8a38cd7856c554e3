package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKeys.API_KEY;
import static io.seedance.streams.service.ConfigKeys.API_KEY_FILE;
import static io.seedance.streams.service.WebhookKeys.WEBHOOK_BASE_URL;
import static io.seedance.streams.service.WebhookKeys.WEBHOOK_PREVIOUS_SECRET;
import static io.seedance.streams.service.WebhookKeys.WEBHOOK_SECRET;
import static io.seedance.streams.service.WebhookKeys.WEBHOOK_SECRET_FILE;

import io.seedance.streams.topology.CallbackSigner;
import io.seedance.streams.upstream.ApiKey;
import io.seedance.streams.upstream.TrustedCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * What the keys that name files (or hold secrets) stand for, read once at start: a file that cannot
 * be read is a problem naming its key, found before anything connects. Secrets never appear in a
 * problem.
 */
final class ConfigFiles {

    private ConfigFiles() {}

    static ApiKey apiKey(final Map<String, Object> values, final List<String> problems) {
        final Password key = API_KEY.read(values);
        try {
            return key != null ? ApiKey.of(key.value()) : ApiKey.fromFile(Path.of(API_KEY_FILE.read(values)));
        } catch (final IllegalArgumentException e) {
            problems.add((key != null ? API_KEY : API_KEY_FILE).describe() + ": " + e.getMessage());
            return null;
        }
    }

    /** The authorities of the PEM file {@code key} names ({@code SEEDANCE_CA_FILE}, ...), when it is set. */
    static Optional<TrustedCertificates> trustedCertificates(
            final ConfigKey<String> key, final Map<String, Object> values, final List<String> problems) {
        final String file = key.read(values);
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrustedCertificates.fromPem(Path.of(file)));
        } catch (final IllegalArgumentException e) {
            problems.add(key.describe() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    static Optional<CallbackSigner> webhookSigner(final Map<String, Object> values, final List<String> problems) {
        final Password secret = WEBHOOK_SECRET.read(values);
        final String value;
        if (secret != null) {
            value = secret.value();
        } else {
            try {
                value = Files.readString(Path.of(WEBHOOK_SECRET_FILE.read(values)))
                        .strip();
            } catch (final IOException e) {
                problems.add(WEBHOOK_SECRET_FILE.describe() + ": cannot be read ("
                        + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
        }
        final Password previous = WEBHOOK_PREVIOUS_SECRET.read(values);
        try {
            return Optional.of(new CallbackSigner(
                    URI.create(WEBHOOK_BASE_URL.read(values).strip()),
                    value,
                    Optional.ofNullable(previous).map(Password::value)));
        } catch (final IllegalArgumentException e) {
            problems.add((secret != null ? WEBHOOK_SECRET : WEBHOOK_SECRET_FILE).describe() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
