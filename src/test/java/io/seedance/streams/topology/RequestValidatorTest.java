package io.seedance.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedance.streams.schemas.Priority;
import io.seedance.streams.schemas.Samples;
import io.seedance.streams.schemas.VideoRequest;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    @Test
    void shouldAcceptATenantAndAPriorityOrNeither() {
        final VideoRequest given = VideoRequest.newBuilder(Samples.request("r-1"))
                .setTenant("acme-video")
                .setPriority(Priority.INTERACTIVE)
                .build();

        assertThat(RequestValidator.problems("r-1", given)).isEmpty();
        assertThat(RequestValidator.problems("r-1", Samples.request("r-1"))).isEmpty();
    }

    @Test
    void shouldNameAnEmptyOrOverlongTenant() {
        for (final String tenant : new String[] {"", "   ", "t".repeat(65)}) {
            final VideoRequest request = VideoRequest.newBuilder(Samples.request("r-1"))
                    .setTenant(tenant)
                    .build();

            assertThat(RequestValidator.problems("r-1", request))
                    .as("tenant '%s'", tenant)
                    .containsExactly("tenant must be non-empty and at most 64 characters");
        }
        assertThat(RequestValidator.problems(
                        "r-1",
                        VideoRequest.newBuilder(Samples.request("r-1"))
                                .setTenant("t".repeat(64))
                                .build()))
                .isEmpty();
    }
}
