package io.seedance.streams.service;

import static io.seedance.streams.service.ConfigKey.Kind.BOOLEAN;
import static io.seedance.streams.service.ConfigKey.Kind.DURATION;
import static io.seedance.streams.service.ConfigKey.Kind.INT;
import static io.seedance.streams.service.ConfigKey.Kind.PASSWORD;
import static io.seedance.streams.service.ConfigKey.Kind.STRING;
import static io.seedance.streams.service.Rules.atLeast;
import static io.seedance.streams.service.Rules.notNegative;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import io.seedance.streams.topology.ProcessorConfig;
import java.time.Duration;
import org.apache.kafka.common.config.types.Password;

/**
 * The keys of webhooks: where the upstream reaches this service, the secret the callback URLs are
 * signed with, and how a verified webhook is used. Defaults are {@link ProcessorConfig}'s.
 */
public final class WebhookKeys {

    private static final ProcessorConfig PROCESSOR = ProcessorConfig.builder().build();

    public static final ConfigKey<String> WEBHOOK_BASE_URL = ConfigKey.of(
            "webhook.base.url",
            STRING,
            null,
            Rules.optional(Rules.httpUrl()),
            MEDIUM,
            "Public base URL of this service's HTTP endpoint, as the upstream reaches it; with a secret it turns"
                    + " webhooks on (each submission carries a signed callback_url).");
    public static final ConfigKey<Password> WEBHOOK_SECRET = ConfigKey.of(
            "webhook.secret",
            PASSWORD,
            null,
            Rules.secretOfAtLeast(16),
            MEDIUM,
            "HMAC-SHA256 secret of the callback URLs (at least 16 characters).");
    public static final ConfigKey<String> WEBHOOK_SECRET_FILE =
            ConfigKey.of("webhook.secret.file", STRING, null, null, MEDIUM, "A file holding the webhook secret.");
    public static final ConfigKey<Password> WEBHOOK_PREVIOUS_SECRET = ConfigKey.of(
            "webhook.previous.secret",
            PASSWORD,
            null,
            null,
            LOW,
            "The secret before a rotation, still accepted for callbacks of earlier submissions.");
    public static final ConfigKey<Integer> WEBHOOK_MAX_BODY = ConfigKey.of(
            "webhook.max.body.bytes",
            INT,
            65_536,
            atLeast(1),
            LOW,
            "Largest callback body accepted, in bytes (413 beyond).");
    public static final ConfigKey<Duration> WEBHOOK_FIRST_POLL_DELAY = ConfigKey.of(
            "webhook.poll.first.delay",
            DURATION,
            PROCESSOR.firstPollDelayWithCallbacks(),
            notNegative(),
            MEDIUM,
            "From acceptance to the first query when webhooks are on (polling is then the fallback). Formerly"
                    + " poll.first.delay.with.webhooks (POLL_FIRST_DELAY_WITH_WEBHOOKS), which is still read.");
    public static final ConfigKey<Boolean> WEBHOOK_TRUST_REPORTS = ConfigKey.of(
            "webhook.trust.reports",
            BOOLEAN,
            PROCESSOR.trustWebhookReports(),
            null,
            LOW,
            "A verified webhook whose body is a finished task ends the task without a query; false: the webhook"
                    + " only makes the task due for a query now.");

    private WebhookKeys() {}
}
