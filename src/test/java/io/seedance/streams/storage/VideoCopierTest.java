package io.seedance.streams.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The copier's circuit: the store's failures open it; an expired link does not. */
class VideoCopierTest {

    private HttpServer links;
    private URI ok;
    private URI gone;

    @BeforeEach
    void start() throws IOException {
        links = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        links.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/gone.mp4")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, 3);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(new byte[] {1, 2, 3});
                }
            }
        });
        links.start();
        ok = URI.create("http://127.0.0.1:" + links.getAddress().getPort() + "/ok.mp4");
        gone = URI.create("http://127.0.0.1:" + links.getAddress().getPort() + "/gone.mp4");
    }

    @AfterEach
    void stop() {
        links.stop(0);
    }

    /** A store that is down. */
    private static final VideoStore DOWN = new VideoStore() {
        @Override
        public StoredVideo put(final String requestId, final InputStream body, final long maxBytes) throws IOException {
            throw new IOException("could not upload " + requestId + " in bucket videos: ServiceUnavailable (HTTP 503)");
        }

        @Override
        public String describe() {
            return "a store that is down";
        }

        @Override
        public void check() throws IOException {
            throw new IOException("down");
        }
    };

    @Test
    void shouldOpenTheStoresCircuitOnTheStoresFailuresAndStartNoCopyThen() throws Exception {
        try (VideoCopier copier = new VideoCopier(DOWN, 1 << 20, 2, Duration.ofSeconds(5))) {
            for (int i = 0; i < 5; i++) {
                final VideoCopier.Outcome outcome =
                        copier.copy("r-" + i, ok).orElseThrow().get();
                assertThat(outcome).isInstanceOfSatisfying(VideoCopier.Outcome.NotCopied.class, failed -> {
                    assertThat(failed.storeFailed()).isTrue();
                    assertThat(failed.reason()).contains("the store failed").contains("ServiceUnavailable");
                });
            }
            assertThat(copier.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(copier.copy("r-6", ok))
                    .as("no copy starts while it is open")
                    .isEmpty();
        }
    }

    @Test
    void shouldNotBlameTheStoreForAnExpiredLink() throws Exception {
        try (VideoCopier copier = new VideoCopier(DOWN, 1 << 20, 2, Duration.ofSeconds(5))) {
            for (int i = 0; i < 10; i++) {
                assertThat(copier.copy("r-" + i, gone).orElseThrow().get())
                        .isInstanceOfSatisfying(
                                VideoCopier.Outcome.NotCopied.class,
                                failed -> assertThat(failed.lasting()).isTrue());
            }
            assertThat(copier.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }
}
