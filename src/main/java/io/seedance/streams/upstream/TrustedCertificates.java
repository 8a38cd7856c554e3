package io.seedance.streams.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities to trust for the Seedance API's TLS certificate, from a PEM file,
 * instead of the JDK's own list: for an upstream (or a proxy before it, or the simulator) whose
 * certificate a private CA signed. The video links it answers are trusted by them and the JDK's list.
 */
public final class TrustedCertificates {

    private final Path file;
    private final List<X509Certificate> authorities;

    private TrustedCertificates(final Path file, final List<X509Certificate> authorities) {
        this.file = file;
        this.authorities = authorities;
    }

    /**
     * Reads every certificate of a PEM file.
     *
     * @throws IllegalArgumentException in one line, when the file cannot be read or holds no certificate
     */
    public static TrustedCertificates fromPem(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            final Collection<? extends Certificate> read =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no certificate (a PEM file is expected)");
            }
            return new TrustedCertificates(
                    file, read.stream().map(X509Certificate.class::cast).toList());
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (final IOException e) {
            throw new IllegalArgumentException(
                    file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (final CertificateException e) {
            throw new IllegalArgumentException(file + " is not a PEM file of certificates (" + e.getMessage() + ")");
        }
    }

    /**
     * These authorities and the JDK's own: for the hosts of the videos the API links to, which may
     * be a private store or a public CDN.
     */
    public TrustedCertificates withJdkAuthorities() {
        try {
            final TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            final List<X509Certificate> all = new ArrayList<>(authorities);
            for (final TrustManager manager : jdk.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    all.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            return new TrustedCertificates(file, List.copyOf(all));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's trusted authorities: " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts these authorities and no others. */
    public SSLContext sslContext() {
        try {
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context trusting " + file + ": " + e.getMessage(), e);
        }
    }

    /** Trust managers that trust these authorities and no others, for clients built on their own TLS. */
    public TrustManager[] trustManagers() {
        try {
            final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            final TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust.getTrustManagers();
        } catch (final GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code authority} is one of these. */
    public boolean contains(final X509Certificate authority) {
        return authorities.contains(authority);
    }

    public int size() {
        return authorities.size();
    }

    @Override
    public String toString() {
        return authorities.size() + " certificate(s) from " + file;
    }
}
