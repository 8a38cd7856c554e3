package io.seedance.streams.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority made by the test itself, with the JDK's {@code keytool} (no internet, no
 * library): its certificate as PEM, and a PKCS12 key store per server holding the server's key and
 * a certificate the CA signed for {@code localhost} and {@code 127.0.0.1}.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-secret";

    private final Path dir;
    private final Path caStore;
    private final Path caPem;

    private TestCertificates(final Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A new CA named {@code name}, in {@code dir}. */
    public static TestCertificates authority(final Path dir, final String name) {
        final TestCertificates ca = new TestCertificates(dir);
        ca.keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                ca.caStore.toString(),
                "-storetype",
                "PKCS12");
        ca.keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.caStore.toString(),
                "-file",
                ca.caPem.toString());
        return ca;
    }

    /** The CA's certificate, PEM: what a client is told to trust. */
    public Path certificatePem() {
        return caPem;
    }

    /**
     * A PKCS12 key store (password {@link #PASSWORD}) with a key for {@code name} and its
     * certificate chain signed by this CA, valid for localhost and 127.0.0.1.
     */
    public Path serverKeyStore(final String name) {
        final Path store = dir.resolve(name + ".p12");
        final Path request = dir.resolve(name + ".csr");
        final Path signed = dir.resolve(name + ".pem");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                caStore.toString(),
                "-infile",
                request.toString(),
                "-outfile",
                signed.toString(),
                "-ext",
                "san=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", name, "-file", signed.toString(), "-keystore", store.toString());
        return store;
    }

    /** A PKCS12 trust store (password {@link #PASSWORD}) holding this CA's certificate only. */
    public Path trustStore() {
        final Path store = dir.resolve("truststore.p12");
        if (!Files.exists(store)) {
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    caPem.toString(),
                    "-keystore",
                    store.toString(),
                    "-storetype",
                    "PKCS12");
        }
        return store;
    }

    /** A server's TLS context from a key store of {@link #serverKeyStore}. */
    public static SSLContext serverContext(final Path keyStore) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (final IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void keytool(final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD));
        try {
            final Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (final IOException e) {
            throw new IllegalStateException("keytool could not run", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
