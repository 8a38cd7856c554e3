package io.seedance.streams.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemVideoStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheVideoUnderItsRequestIdWithItsHashAndSize() throws Exception {
        final byte[] video = new byte[300_000];
        new Random(7).nextBytes(video);
        final FilesystemVideoStore store = new FilesystemVideoStore(dir.resolve("videos"), "", "http://host:8080/");

        final StoredVideo stored = store.put("r-1", new ByteArrayInputStream(video), 1 << 20);

        assertThat(stored.url()).isEqualTo("http://host:8080/videos/r-1.mp4");
        assertThat(stored.bytes()).isEqualTo(video.length);
        assertThat(stored.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(video)));
        assertThat(Files.readAllBytes(store.pathOf("r-1"))).isEqualTo(video);

        // Made again (a crash mid-copy, then the next try): the same one object, replaced.
        store.put("r-1", new ByteArrayInputStream(new byte[] {1, 2, 3}), 1 << 20);
        try (Stream<Path> files = Files.list(dir.resolve("videos"))) {
            assertThat(files).containsExactly(store.pathOf("r-1"));
        }
        assertThat(Files.size(store.pathOf("r-1"))).isEqualTo(3);
    }

    @Test
    void shouldStreamA50MegabyteVideoThroughASmallBuffer() throws IOException {
        final FilesystemVideoStore store = new FilesystemVideoStore(dir, "", "http://host:8080");
        final long size = 50L << 20;
        final InputStream fifty = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 7 : -1;
            }

            @Override
            public int read(final byte[] buffer, final int offset, final int length) {
                if (left <= 0) {
                    return -1;
                }
                final int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 7);
                left -= n;
                return n;
            }
        };
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();

        final StoredVideo stored = store.put("big", fifty, 100L << 20);

        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(stored.bytes()).isEqualTo(size);
        assertThat(Files.size(store.pathOf("big"))).isEqualTo(size);
        assertThat(allocated)
                .as("allocated while copying 50 MiB: a buffer, never the video")
                .isLessThan(4L << 20);
    }

    @Test
    void shouldKeepNothingOfAVideoOverTheCapOrEmpty() throws IOException {
        final FilesystemVideoStore store = new FilesystemVideoStore(dir, "", "http://host:8080");

        assertThatThrownBy(() -> store.put("big", new ByteArrayInputStream(new byte[2_000]), 1_000))
                .isInstanceOf(VideoTooLargeException.class)
                .hasMessageContaining("1000 bytes");
        assertThatThrownBy(() -> store.put("empty", InputStream.nullInputStream(), 1_000))
                .hasMessageContaining("empty body");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no partial file left either").isEmpty();
        }
    }

    @Test
    void shouldCheckAtStartThatItCanWrite() throws IOException {
        final FilesystemVideoStore store = new FilesystemVideoStore(dir.resolve("videos"), "", "http://host:8080");
        store.check();
        try (Stream<Path> files = Files.list(dir.resolve("videos"))) {
            assertThat(files).as("the probe is gone").isEmpty();
        }
        Files.delete(dir.resolve("videos"));
        Files.writeString(dir.resolve("videos"), "a file where the directory was");
        assertThatThrownBy(store::check).hasMessageContaining("cannot write to " + dir.resolve("videos"));
    }

    @Test
    void shouldNeverLetARequestIdLeaveTheDirectory() throws IOException {
        final FilesystemVideoStore store = new FilesystemVideoStore(dir, "", "http://host:8080");
        for (final String id : new String[] {"../escape", "a/b", "..", ".hidden", "c:\\d"}) {
            final Path file = store.pathOf(id);
            assertThat(file.getParent()).as(id).isEqualTo(dir);
            assertThat(file.getFileName().toString()).as(id).doesNotStartWith(".");
            store.put(id, new ByteArrayInputStream(new byte[] {1}), 10);
            assertThat(store.fileNamed(file.getFileName().toString())).as(id).contains(file);
        }
        assertThat(store.fileNamed("../etc/passwd")).isEmpty();
        assertThat(store.fileNamed(".partial-1.mp4")).isEmpty();
    }
}
