package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tenants' measures, as Prometheus scrapes them, and the bound on their labels. */
class TenantMetricsTest {

    private final ProcessorMetrics metrics = new ProcessorMetrics(Clock.systemUTC(), 2);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    TenantMetricsTest() {
        metrics.meterRegistry().add(prometheus);
    }

    @Test
    void shouldGiveTheFirstTenantsTheirOwnLabelAndCountTheRestUnderOther() {
        for (final String tenant : new String[] {"a", "b", "c", "d"}) {
            metrics.tenants().queuedChanged(tenant, 1);
        }
        metrics.tenants().queuedChanged("a", 1);
        metrics.tenants().submitted("c", 2_000);
        metrics.tenants().submitted("d", 40_000);
        metrics.tenants().seatsChanged("b", 3);
        metrics.tenants().heldByQuota("d", 1_500);

        assertThat(prometheus.scrape())
                .contains("seedance_tenant_queued{tenant=\"a\"} 2.0")
                .contains("seedance_tenant_queued{tenant=\"b\"} 1.0")
                .contains("seedance_tenant_queued{tenant=\"other\"} 2.0")
                .contains("seedance_tenant_seats_in_use{tenant=\"b\"} 3.0")
                .contains("seedance_tenant_submissions_total{tenant=\"other\"} 2.0")
                .contains("seedance_tenant_wait_seconds_bucket{tenant=\"other\",le=\"3.0\"} 1")
                .contains("seedance_tenant_wait_seconds_bucket{tenant=\"other\",le=\"60.0\"} 2")
                .contains("seedance_tenant_over_quota_seconds_total{tenant=\"other\"} 1.5")
                .doesNotContain("tenant=\"c\"")
                .doesNotContain("tenant=\"d\"");
        assertThat(prometheus.getMeters().stream()
                        .filter(meter -> meter.getId().getName().startsWith("seedance.tenant."))
                        .map(meter -> meter.getId().getTag("tenant"))
                        .distinct())
                .as("two tenants and other: the series are bounded")
                .containsExactlyInAnyOrder("a", "b", "other");
    }

    @Test
    void shouldNameTheBusiestTenantsByQueueThenSeats() {
        final TenantMetrics tenants = new ProcessorMetrics(Clock.systemUTC(), 3).tenants();
        tenants.queuedChanged("a", 5);
        tenants.seatsChanged("b", 9);
        tenants.of("idle"); // labelled, but nothing done: not listed
        tenants.queuedChanged("c", 7); // past the bound: other
        tenants.heldByQuota("a", 250);

        assertThat(tenants.busiest(2)).extracting(TenantMetrics.Tenant::label).containsExactly("other", "a");
        assertThat(tenants.busiest(5)).extracting(TenantMetrics.Tenant::label).containsExactly("other", "a", "b");
        assertThat(tenants.of("a").overQuota()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldLeaveATenantCalledOtherUnderOther() {
        assertThat(metrics.tenants().of("other").label()).isEqualTo(TenantMetrics.OTHER);
        assertThat(metrics.tenants().of("x").label()).isEqualTo("x");
    }
}
