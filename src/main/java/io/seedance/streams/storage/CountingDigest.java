package io.seedance.streams.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Copies a stream in small buffers, hashing and counting what passes, and stopping at a cap. */
final class CountingDigest {

    private static final int BUFFER = 64 * 1024;

    private final MessageDigest sha256;
    private long bytes;

    CountingDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Copies all of {@code in} to {@code out}; a {@link VideoTooLargeException} past {@code maxBytes}. */
    void copy(final InputStream in, final OutputStream out, final long maxBytes) throws IOException {
        final byte[] buffer = new byte[BUFFER];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            bytes += read;
            if (bytes > maxBytes) {
                throw new VideoTooLargeException(maxBytes);
            }
            sha256.update(buffer, 0, read);
            out.write(buffer, 0, read);
        }
    }

    long bytes() {
        return bytes;
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
