package io.seedance.streams.ops;

import com.sun.net.httpserver.HttpExchange;
import io.seedance.streams.storage.FilesystemVideoStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code GET /videos/<name>.mp4}: the videos of a filesystem store, streamed from disk. */
final class StoredVideos {

    private final FilesystemVideoStore store;

    StoredVideos(final FilesystemVideoStore store) {
        this.store = store;
    }

    void serve(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final String name = exchange.getRequestURI().getRawPath().substring(FilesystemVideoStore.PATH.length());
            final Optional<Path> file = store.fileNamed(name);
            if (file.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file.get()));
            try (InputStream in = Files.newInputStream(file.get());
                    OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }
}
