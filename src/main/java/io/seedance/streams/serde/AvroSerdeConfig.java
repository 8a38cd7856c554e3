package io.seedance.streams.serde;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The serde's configuration, under the names Confluent's serdes use, so that settings people
 * already have carry over unchanged. Parsed with Kafka's {@link ConfigDef}: credentials are
 * {@link Type#PASSWORD}s, so Kafka never prints them.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Confluent accepts the user info under this prefixed name too. */
    public static final String PREFIXED_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "schema.registry.http.read.timeout.ms";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /** Where the basic-auth credentials come from. */
    public enum CredentialsSource {
        URL,
        USER_INFO
    }

    private static final String TOPIC_NAME_STRATEGY = "TopicNameStrategy";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL,
                    Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    (name, value) -> {
                        if (value == null || ((List<?>) value).isEmpty()) {
                            throw new ConfigException(name, value, "at least one URL is required");
                        }
                    },
                    Importance.HIGH,
                    "Comma-separated URLs of a Confluent-API schema registry "
                            + "(http or https), tried in order; or mock://<scope> for an in-memory registry.")
            .define(
                    BASIC_AUTH_CREDENTIALS_SOURCE,
                    Type.STRING,
                    CredentialsSource.URL.name(),
                    ConfigDef.CaseInsensitiveValidString.in("URL", "USER_INFO"),
                    Importance.MEDIUM,
                    "URL: take user:password from the registry URL; USER_INFO: from basic.auth.user.info.")
            .define(
                    BASIC_AUTH_USER_INFO,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "user:password for HTTP basic auth, when the source is USER_INFO.")
            .define(PREFIXED_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.LOW, "Same as basic.auth.user.info.")
            .define(
                    AUTO_REGISTER_SCHEMAS,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Register the record's schema when it is not registered yet.")
            .define(
                    USE_LATEST_VERSION,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Write with the subject's latest registered schema instead of the record's own.")
            .define(
                    SPECIFIC_AVRO_READER,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Without a target class: decode into the generated class named by the writer schema "
                            + "instead of a GenericRecord.")
            .define(
                    CONNECT_TIMEOUT_MS,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Connect timeout for registry calls, in milliseconds.")
            .define(
                    READ_TIMEOUT_MS,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Request timeout for registry calls, in milliseconds.")
            .define(
                    TRUSTSTORE_LOCATION,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "A trust store (PKCS12 or JKS) of the authorities to trust for an https registry's certificate,"
                            + " instead of the JDK's own.")
            .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The trust store's password.")
            .define(
                    TRUSTSTORE_TYPE,
                    Type.STRING,
                    "PKCS12",
                    ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
                    Importance.LOW,
                    "The trust store's format.")
            .define(
                    KEY_SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    TOPIC_NAME_STRATEGY,
                    Importance.LOW,
                    "Only TopicNameStrategy (<topic>-key) is supported.")
            .define(
                    VALUE_SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    TOPIC_NAME_STRATEGY,
                    Importance.LOW,
                    "Only TopicNameStrategy (<topic>-value) is supported.");

    public AvroSerdeConfig(final Map<String, ?> originals) {
        super(DEFINITION, originals, false);
        requireTopicNameStrategy(KEY_SUBJECT_NAME_STRATEGY);
        requireTopicNameStrategy(VALUE_SUBJECT_NAME_STRATEGY);
        if (credentialsSource() == CredentialsSource.USER_INFO && userInfo().isEmpty()) {
            throw new ConfigException(
                    BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO but " + BASIC_AUTH_USER_INFO + " is not set");
        }
        userInfo().ifPresent(info -> {
            if (!info.contains(":")) {
                throw new ConfigException(BASIC_AUTH_USER_INFO + " must have the form user:password");
            }
        });
    }

    /** The whole definition, for documentation and tests. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** The registry's trusted authorities, when set ({@code schema.registry.ssl.truststore.*}). */
    public Optional<RegistryTrust> trust() {
        final String location = getString(TRUSTSTORE_LOCATION);
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        final Password password = getPassword(TRUSTSTORE_PASSWORD);
        return Optional.of(new RegistryTrust(
                Path.of(location.strip()),
                password == null ? "" : password.value(),
                getString(TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT)));
    }

    public List<String> registryUrls() {
        return getList(SCHEMA_REGISTRY_URL).stream().map(String::trim).toList();
    }

    public CredentialsSource credentialsSource() {
        return CredentialsSource.valueOf(
                getString(BASIC_AUTH_CREDENTIALS_SOURCE).toUpperCase(Locale.ROOT));
    }

    /** user:password from basic.auth.user.info (or its prefixed name), if set. */
    public Optional<String> userInfo() {
        final Password info = getPassword(BASIC_AUTH_USER_INFO) != null
                ? getPassword(BASIC_AUTH_USER_INFO)
                : getPassword(PREFIXED_BASIC_AUTH_USER_INFO);
        return Optional.ofNullable(info).map(Password::value).filter(value -> !value.isBlank());
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS));
    }

    public Duration readTimeout() {
        return Duration.ofMillis(getInt(READ_TIMEOUT_MS));
    }

    private void requireTopicNameStrategy(final String key) {
        final String strategy = getString(key);
        if (!strategy.equals(TOPIC_NAME_STRATEGY) && !strategy.endsWith("." + TOPIC_NAME_STRATEGY)) {
            throw new ConfigException(key, strategy, "only TopicNameStrategy is supported");
        }
    }
}
