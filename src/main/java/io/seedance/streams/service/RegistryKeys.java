package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.PASSWORD;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.serde.AvroSerdeConfig;
import io.seedance.streams.serde.RegistryTrust;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The keys of an https schema registry signed by a private CA: a trust store, under the names
 * Confluent's serdes use ({@code SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION} and so on). The
 * registry's URL and basic auth are {@link ConfigKeys}'.
 */
public final class RegistryKeys {

    public static final ConfigKey<String> TRUSTSTORE_LOCATION = ConfigKey.of(
            AvroSerdeConfig.TRUSTSTORE_LOCATION,
            STRING,
            null,
            null,
            MEDIUM,
            "A trust store (PKCS12 or JKS) of the authorities to trust for an https registry's certificate,"
                    + " instead of the JDK's own.");
    public static final ConfigKey<Password> TRUSTSTORE_PASSWORD = ConfigKey.of(
            AvroSerdeConfig.TRUSTSTORE_PASSWORD, PASSWORD, null, null, MEDIUM, "The registry trust store's password.");
    public static final ConfigKey<String> TRUSTSTORE_TYPE = ConfigKey.of(
            AvroSerdeConfig.TRUSTSTORE_TYPE,
            STRING,
            "PKCS12",
            ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
            LOW,
            "The registry trust store's format: PKCS12 or JKS.");

    public static final List<ConfigKey<?>> ALL = List.of(TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);

    private RegistryKeys() {}

    /** A trust store that cannot be opened is a problem at start, not at the first record. */
    static void check(final Map<String, Object> values, final List<String> problems) {
        try {
            trust(values).ifPresent(RegistryTrust::sslContext);
        } catch (final IllegalArgumentException e) {
            problems.add(TRUSTSTORE_LOCATION.describe() + ": " + e.getMessage());
        }
    }

    /** The serde's settings for the trust store, when one is set. */
    static void putInto(final Map<String, Object> serde, final Map<String, Object> values) {
        trust(values).ifPresent(trust -> {
            serde.put(AvroSerdeConfig.TRUSTSTORE_LOCATION, trust.location().toString());
            serde.put(AvroSerdeConfig.TRUSTSTORE_PASSWORD, trust.password());
            serde.put(AvroSerdeConfig.TRUSTSTORE_TYPE, trust.type());
        });
    }

    private static Optional<RegistryTrust> trust(final Map<String, Object> values) {
        final String location = TRUSTSTORE_LOCATION.read(values);
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        final Password password = TRUSTSTORE_PASSWORD.read(values);
        return Optional.of(new RegistryTrust(
                Path.of(location.strip()),
                password == null ? "" : password.value(),
                TRUSTSTORE_TYPE.read(values).toUpperCase(Locale.ROOT)));
    }
}
