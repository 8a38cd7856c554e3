package io.seedance.streams.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Videos as files in one directory, served by the service's HTTP endpoint at
 * {@code /videos/<request_id>.mp4}. A video is written to a partial file beside its place and
 * moved there when whole, so a reader never sees half a video; what a crash mid-copy left is
 * removed when a later attempt at the same video succeeds.
 */
public final class FilesystemVideoStore implements VideoStore {

    /** The path the HTTP endpoint serves the videos under. */
    public static final String PATH = "/videos/";

    private static final String PARTIAL = ".partial-";

    private final Path directory;
    private final String prefix;
    private final String baseUrl;

    /**
     * @param directory where the files go (created if missing)
     * @param prefix    put before each file's name
     * @param baseUrl   the service's own address as readers reach it, such as {@code http://host:8080}
     */
    public FilesystemVideoStore(final Path directory, final String prefix, final String baseUrl) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.prefix = prefix;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public StoredVideo put(final String requestId, final InputStream body, final long maxBytes) throws IOException {
        final Path target = pathOf(requestId);
        // One partial file per attempt, so two attempts (an instance that lost the task and the one
        // that took it over) never write into the same file; the whole one that lands last wins.
        final String partials = PARTIAL + target.getFileName() + "-";
        final Path partial = Files.createTempFile(directory, partials, ".tmp");
        try {
            final CountingDigest digest = new CountingDigest();
            try (OutputStream out = Files.newOutputStream(partial)) {
                digest.copy(body, out, maxBytes);
            }
            if (digest.bytes() == 0) {
                throw new IOException("the video's link answered an empty body");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forgetPartials(partials);
            return new StoredVideo(baseUrl + PATH + target.getFileName().toString(), digest.sha256(), digest.bytes());
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Removes what earlier attempts at this video left (a crash cut them short); one still running then fails, and is retried. */
    private void forgetPartials(final String prefix) throws IOException {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(
                directory, file -> file.getFileName().toString().startsWith(prefix))) {
            for (final Path file : left) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The file of {@code requestId}'s video: its id made safe as one file name, so no id can leave the directory. */
    public Path pathOf(final String requestId) {
        String name = URLEncoder.encode(prefix + requestId, StandardCharsets.UTF_8);
        if (name.startsWith(".")) {
            name = "%2E" + name.substring(1);
        }
        return directory.resolve(name + ".mp4");
    }

    /** The file a {@code /videos/<name>} path names, when it is one of this store's videos. */
    public java.util.Optional<Path> fileNamed(final String name) {
        if (name.isEmpty()
                || name.startsWith(".")
                || name.contains("/")
                || name.contains("\\")
                || !name.endsWith(".mp4")) {
            return java.util.Optional.empty();
        }
        final Path file = directory.resolve(name);
        return Files.isRegularFile(file) ? java.util.Optional.of(file) : java.util.Optional.empty();
    }

    @Override
    public void check() throws IOException {
        final Path probe = directory.resolve(".partial-write-check");
        try {
            Files.write(probe, new byte[] {0});
            Files.delete(probe);
        } catch (final IOException e) {
            throw new IOException(
                    "cannot write to " + directory + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "the directory " + directory;
    }
}
