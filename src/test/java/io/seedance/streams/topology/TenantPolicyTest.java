package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedance.streams.schemas.Priority;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TenantPolicyTest {

    private static final TenantPolicy DEFAULTS = new TenantPolicy(1, 30, 0, null);

    @Test
    void shouldReadARecordTakingWhatItLeavesOutFromTheDefaults() {
        final TenantPolicy policy = parse("{\"weight\":2,\"max_seats\":10,\"default_priority\":\"batch\"}");

        assertThat(policy).isEqualTo(new TenantPolicy(2, 30, 10, Priority.BATCH));
        assertThat(TenantPolicy.parse(policy.toJson(), TenantPolicy.unlimited()))
                .isEqualTo(policy);
    }

    @Test
    void shouldNameWhatIsWrongWithABadRecord() {
        assertThatThrownBy(() -> parse("{\"weight\":0}")).hasMessageContaining("weight must be from 1 to 1000");
        assertThatThrownBy(() -> parse("{\"weight\":1.5}")).hasMessageContaining("weight must be a whole number");
        assertThatThrownBy(() -> parse("{\"max_seats\":-1}")).hasMessageContaining("max_seats must be 0");
        assertThatThrownBy(() -> parse("{\"wieght\":2}")).hasMessageContaining("unknown field 'wieght'");
        assertThatThrownBy(() -> parse("{\"default_priority\":\"URGENT\"}"))
                .hasMessageContaining("default_priority must be one of INTERACTIVE, STANDARD, BATCH");
        assertThatThrownBy(() -> parse("weight=2")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldIgnoreAndCountAnInvalidRecordKeepingWhatTheTenantHad() {
        final TenantPolicies policies = new TenantPolicies(DEFAULTS);
        policies.apply("acme", bytes("{\"weight\":4}"));
        policies.apply("acme", bytes("{\"weight\":-4}"));
        policies.apply("x".repeat(65), bytes("{\"weight\":4}"));

        assertThat(policies.weight("acme")).isEqualTo(4);
        assertThat(policies.invalidRecords()).isEqualTo(2);

        policies.apply("acme", null);
        assertThat(policies.of("acme")).isEqualTo(DEFAULTS);
    }

    private static TenantPolicy parse(final String json) {
        return TenantPolicy.parse(bytes(json), DEFAULTS);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
