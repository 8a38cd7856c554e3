package io.seedance.streams.topology;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks the webhook URL of a request: {@code <base>/callbacks/<request_id>?sig=<hex>},
 * where the signature is HMAC-SHA256 of the request id with the secret. A previous secret is still
 * accepted during a rotation. Checks take constant time; {@link #toString()} never shows a secret.
 */
public final class CallbackSigner {

    public static final String PATH = "/callbacks/";

    private final URI baseUrl;
    private final byte[] secret;
    private final Optional<byte[]> previous;

    public CallbackSigner(final URI baseUrl, final String secret, final Optional<String> previous) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the webhook secret must have at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.previous = previous.filter(p -> !p.isBlank()).map(p -> p.getBytes(StandardCharsets.UTF_8));
    }

    /** The callback URL that goes with the submission of {@code requestId}. */
    public URI urlFor(final String requestId) {
        final String base = baseUrl.toString().endsWith("/")
                ? baseUrl.toString().substring(0, baseUrl.toString().length() - 1)
                : baseUrl.toString();
        return URI.create(base + PATH
                + URLEncoder.encode(requestId, StandardCharsets.UTF_8).replace("+", "%20") + "?sig="
                + sign(secret, requestId));
    }

    /** Whether {@code signature} is the current (or previous) secret's signature of {@code requestId}. */
    public boolean verify(final String requestId, final String signature) {
        if (signature == null) {
            return false;
        }
        final byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        boolean valid = MessageDigest.isEqual(given, sign(secret, requestId).getBytes(StandardCharsets.US_ASCII));
        if (previous.isPresent()) {
            valid |=
                    MessageDigest.isEqual(given, sign(previous.get(), requestId).getBytes(StandardCharsets.US_ASCII));
        }
        return valid;
    }

    static String sign(final byte[] key, final String requestId) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(requestId.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "CallbackSigner[" + baseUrl + ", secret redacted]";
    }
}
