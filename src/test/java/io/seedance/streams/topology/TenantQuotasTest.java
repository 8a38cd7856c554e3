package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant's caps on seats and on submissions per minute, this instance's share of them, on a test clock. */
class TenantQuotasTest {

    private static final Duration SWEEP = Duration.ofMillis(200);

    private final TestClock clock = new TestClock();
    private final TenantPolicies policies = new TenantPolicies(TenantPolicy.unlimited());
    private final TenantMetrics metrics = new ProcessorMetrics().tenants();
    private final TenantQuotas quotas = new TenantQuotas(policies, SWEEP, clock, metrics);

    @Test
    void shouldHoldATenantAtItsSeatsUntilOneIsLeft() {
        policy("a", "{\"max_seats\":3}");

        for (int i = 0; i < 3; i++) {
            assertThat(quotas.tryTake("a", now())).isTrue();
        }

        assertThat(quotas.allows("a", now())).isFalse();
        assertThat(quotas.tryTake("a", now())).isFalse();
        assertThat(quotas.seats("a")).isEqualTo(3);
        assertThat(quotas.tryTake("b", now())).as("b has no cap").isTrue();
        quotas.seatLeft("a");
        assertThat(quotas.allows("a", now())).isTrue();
        assertThat(quotas.seatsInUse()).isEqualTo(3);
    }

    @Test
    void shouldNeverLetATenantPastItsSubmissionsPerMinuteInAnySixtySeconds() {
        policy("a", "{\"max_submits_per_minute\":20}");
        final Deque<Long> taken = new ArrayDeque<>();
        long worstMinute = 0;

        for (int sweep = 0; sweep < 5 * 60 * 5; sweep++) { // five minutes of sweeps, always asking
            while (quotas.tryTake("a", now())) {
                quotas.seatLeft("a");
                taken.addLast(now());
            }
            while (!taken.isEmpty() && taken.peekFirst() <= now() - 60_000) {
                taken.removeFirst();
            }
            worstMinute = Math.max(worstMinute, taken.size());
            clock.advance(SWEEP);
        }

        assertThat(worstMinute).as("never past the cap, and close to it").isBetween(18L, 20L);
        assertThat(metrics.of("a").overQuota())
                .as("held all along but for the moments it took")
                .isGreaterThan(Duration.ofMinutes(4));
    }

    @Test
    void shouldTakeOnlyThisInstancesShareOfACap() {
        policy("a", "{\"max_seats\":10}");
        quotas.applyShare(2);

        int seats = 0;
        while (quotas.tryTake("a", now())) {
            seats++;
        }

        assertThat(seats).isEqualTo(5);
        policy("b", "{\"max_seats\":1}");
        assertThat(quotas.tryTake("b", now()))
                .as("a cap below the instances still gives each one seat")
                .isTrue();
    }

    @Test
    void shouldApplyACapSetLaterToTheSeatsAlreadyInFlight() {
        quotas.seatsAdopted(Map.of("a", 4)); // found in flight in a store this instance now owns
        assertThat(quotas.allows("a", now())).isTrue();

        policy("a", "{\"max_seats\":4}");

        assertThat(quotas.allows("a", now())).isFalse();
        quotas.seatsAdopted(Map.of("a", -4)); // the store went to another instance
        assertThat(quotas.allows("a", now())).isTrue();
        assertThat(quotas.seatsInUse()).isZero();
    }

    @Test
    void shouldCountOnlyTheTimeATenantIsHeld() {
        policy("a", "{\"max_seats\":1}");
        quotas.tryTake("a", now());
        for (int i = 0; i < 50; i++) { // held for ten seconds of sweeps
            quotas.allows("a", now());
            clock.advance(SWEEP);
        }
        quotas.seatLeft("a");
        clock.advance(Duration.ofMinutes(1)); // not held: nothing counted
        quotas.allows("a", now());

        assertThat(metrics.of("a").overQuota()).isEqualTo(Duration.ofMillis(49 * 200));
        assertThat(metrics.of("b").overQuota()).isZero();
    }

    private long now() {
        return clock.millis();
    }

    private void policy(final String tenant, final String json) {
        policies.apply(tenant, json.getBytes(StandardCharsets.UTF_8));
    }
}
