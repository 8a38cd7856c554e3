package io.seedance.streams.upstream;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * What a failed TLS handshake with the upstream, the host of a video it links to or the S3 store
 * means, in one line a person acts on. The JDK's own message names internal classes ("PKIX path
 * building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find
 * valid certification path to requested target") and says nothing of the fix.
 */
public final class TlsFailures {

    private TlsFailures() {}

    static String explain(final SSLException failure) {
        return explain(failure, "the upstream", "SEEDANCE_CA_FILE");
    }

    /**
     * The explanation for a handshake with {@code peer} ("the upstream", "the video's host"), whose
     * certificate authorities {@code setting} (a PEM file) names.
     */
    public static String explain(final SSLException failure, final String peer, final String setting) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return peer + "'s certificate is outside its validity (" + cause.getMessage() + ")";
            }
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return peer + "'s certificate is not signed by a trusted authority: trust the CA that signed"
                        + " it with " + setting + " (a PEM file)";
            }
            final String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
                return peer + "'s certificate is not for this host (" + message + ")";
            }
        }
        return "the TLS handshake with " + peer + " failed (" + failure.getMessage() + ")";
    }
}
