package io.seedance.streams.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The authorities an https registry's certificate is checked against: a trust store, as
 * Confluent's {@code schema.registry.ssl.truststore.*} settings name it. The password is never
 * printed ({@link #toString}).
 */
public record RegistryTrust(Path location, String password, String type) {

    public RegistryTrust {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }

    /**
     * A TLS context trusting the store's certificates and no others.
     *
     * @throws IllegalArgumentException in one line, when the store cannot be read or opened
     */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(location)) {
            final KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            final TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("the registry's trust store " + location + " does not exist");
        } catch (final IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the registry's trust store " + location + " cannot be opened as " + type + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RegistryTrust[" + type + " " + location + "]";
    }
}
