package io.seedance.streams.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The simulator over HTTPS: a PKCS12 key store holding its key and certificate chain, so the
 * service's trust settings ({@code SEEDANCE_CA_FILE}) can be tried against a private CA.
 */
public record SimulatorTls(Path keyStore, String password) {

    public SimulatorTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The server's TLS context.
     *
     * @throws IllegalArgumentException in one line, when the key store cannot be read or opened
     */
    SSLContext context() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (final IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the TLS key store " + keyStore + " cannot be opened: " + e.getMessage());
        }
    }
}
