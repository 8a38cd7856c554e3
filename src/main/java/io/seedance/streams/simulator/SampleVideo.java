package io.seedance.streams.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The video the simulator serves: a real, playable MP4 (2 s, 96x54, H.264 baseline, made once with
 * {@code ffmpeg -f lavfi -i testsrc=size=96x54:rate=10:duration=2 -c:v libx264 -profile:v baseline
 * -pix_fmt yuv420p -crf 38 -movflags +faststart}), optionally padded to a chosen size with a
 * trailing MP4 {@code free} box, which players skip: a large video for transfer tests that still
 * plays. The padding is written in chunks, so a large video costs no memory.
 */
final class SampleVideo {

    private static final byte[] MP4 = load();
    private static final int BOX_HEADER = 8;
    private static final byte[] ZEROS = new byte[64 * 1024];

    private SampleVideo() {}

    /** The bytes served for a video of {@code requestedBytes} (0: the MP4 as it is). */
    static long length(final long requestedBytes) {
        return requestedBytes <= MP4.length + BOX_HEADER ? MP4.length : requestedBytes;
    }

    /** Writes the video of {@code requestedBytes} to {@code out}. */
    static void writeTo(final OutputStream out, final long requestedBytes) throws IOException {
        out.write(MP4);
        final long padding = length(requestedBytes) - MP4.length;
        if (padding == 0) {
            return;
        }
        // A 32-bit box size holds up to 4 GiB: more than any video this simulator is asked for.
        out.write(ByteBuffer.allocate(BOX_HEADER)
                .putInt((int) padding)
                .put("free".getBytes(StandardCharsets.US_ASCII))
                .array());
        for (long left = padding - BOX_HEADER; left > 0; left -= ZEROS.length) {
            out.write(ZEROS, 0, (int) Math.min(ZEROS.length, left));
        }
    }

    private static byte[] load() {
        try (InputStream in = SampleVideo.class.getResourceAsStream("/simulator/sample.mp4")) {
            if (in == null) {
                throw new IllegalStateException("simulator/sample.mp4 is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
