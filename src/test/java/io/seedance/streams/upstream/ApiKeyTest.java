package io.seedance.streams.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {

    private static final String SECRET = "dk-1234567890abcdef";

    @Test
    void shouldNeverShowTheKey() {
        final ApiKey key = ApiKey.of(SECRET);

        assertThat(key.toString()).doesNotContain(SECRET).contains("redacted");
        assertThat(SeedanceClientConfig.of(key).toString()).doesNotContain(SECRET);
        assertThat(key.authorization()).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void shouldReadTheKeyFromAFileIgnoringTheTrailingNewline(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("key"), SECRET + "\n");

        assertThat(ApiKey.fromFile(file)).isEqualTo(ApiKey.of(SECRET));
    }

    @Test
    void shouldRejectEmptyOrBrokenKeysWithoutEchoingThem(@TempDir final Path dir) throws IOException {
        assertThatThrownBy(() -> ApiKey.of("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ApiKey.of("dk-abc\r\nX-Injected: 1"))
                .hasMessageContaining("whitespace")
                .hasMessageNotContaining("dk-abc");
        assertThatThrownBy(() -> ApiKey.fromFile(dir.resolve("missing"))).hasMessageContaining("cannot read");
        final Path broken = Files.writeString(dir.resolve("broken"), "dk-secret part");
        assertThatThrownBy(() -> ApiKey.fromFile(broken)).hasMessageNotContaining("dk-secret");
    }

    @Test
    void shouldCompareInConstantTime() {
        assertThat(ApiKey.of(SECRET).matches(SECRET)).isTrue();
        assertThat(ApiKey.of(SECRET).matches("dk-other")).isFalse();
        assertThat(ApiKey.of(SECRET).matches(null)).isFalse();
    }
}
