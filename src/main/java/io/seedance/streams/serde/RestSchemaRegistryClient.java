package io.seedance.streams.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API over the JDK's HTTP client. It does no
 * caching of its own (see {@link CachingSchemaRegistryClient}). Several base URLs are tried in
 * order when one cannot be reached. Credentials go into the {@code Authorization} header only:
 * URLs in messages are printed without their user info.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final Optional<String> authorization;
    private final Duration readTimeout;
    private final HttpClient http;

    /**
     * @param baseUrls  registry URLs, each possibly carrying {@code user:password@}
     * @param userInfo  {@code user:password} to use; when empty, the user info of the first URL
     *                  that has one is used (Confluent's {@code URL} credentials source)
     */
    public RestSchemaRegistryClient(
            final List<String> baseUrls,
            final Optional<String> userInfo,
            final Duration connectTimeout,
            final Duration readTimeout) {
        this(baseUrls, userInfo, connectTimeout, readTimeout, Optional.empty());
    }

    /** With {@code trust}: an https registry's certificate is checked against these authorities only. */
    public RestSchemaRegistryClient(
            final List<String> baseUrls,
            final Optional<String> userInfo,
            final Duration connectTimeout,
            final Duration readTimeout,
            final Optional<RegistryTrust> trust) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is required");
        }
        final List<URI> parsed = new ArrayList<>();
        String urlUserInfo = null;
        for (final String url : baseUrls) {
            final URI uri = parse(url);
            if (uri.getRawUserInfo() != null && urlUserInfo == null) {
                urlUserInfo = decode(uri.getRawUserInfo());
            }
            parsed.add(withoutUserInfo(uri));
        }
        this.baseUrls = List.copyOf(parsed);
        final Optional<String> fromUrl = Optional.ofNullable(urlUserInfo);
        this.authorization = userInfo.or(() -> fromUrl)
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.readTimeout = readTimeout;
        final HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
        trust.ifPresent(authorities -> http.sslContext(authorities.sslContext()));
        this.http = http.build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        try {
            return call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
                    .path("id")
                    .asInt();
        } catch (final SchemaRegistryException e) {
            if (e.status() != 409) {
                throw e;
            }
            // Two clients registering the same new schema at once can get a 409 from some registries
            // (Apicurio: "artifact already exists"). If the schema is there now, that is success.
            try {
                return idOf(subject, schema);
            } catch (final SchemaRegistryException notThere) {
                throw e;
            }
        }
    }

    @Override
    public int idOf(final String subject, final Schema schema) {
        return call("POST", "/subjects/" + encode(subject), schemaBody(schema))
                .path("id")
                .asInt();
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        final JsonNode body = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        return new RegisteredSchema(
                body.path("id").asInt(),
                body.path("version").asInt(),
                parseSchema(body.path("schema").asText(), "subject '" + subject + "'"));
    }

    @Override
    public Schema byId(final int id) {
        final JsonNode body = call("GET", "/schemas/ids/" + id, null);
        return parseSchema(body.path("schema").asText(), "schema id " + id);
    }

    @Override
    public boolean reachable() {
        try {
            return send("GET", "/subjects", null).statusCode() / 100 == 2;
        } catch (final SchemaRegistryException e) {
            return false;
        }
    }

    /** The base URLs as printed in messages: never with credentials. */
    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + baseUrls;
    }

    private JsonNode call(final String method, final String path, final String body) {
        final HttpResponse<String> response = send(method, path, body);
        return readBody(method, response.uri(), response);
    }

    /** Sends to the first registry URL that can be reached. */
    private HttpResponse<String> send(final String method, final String path, final String body) {
        IOException lastFailure = null;
        URI lastUrl = null;
        for (final URI base : baseUrls) {
            final URI target = URI.create(base + path);
            final HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(readTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            authorization.ifPresent(value -> request.header("Authorization", value));
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (final IOException e) {
                lastFailure = e;
                lastUrl = base;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(0, 0, "Interrupted while calling the schema registry at " + base);
            }
        }
        final String why = lastFailure instanceof HttpTimeoutException
                ? "timed out"
                : lastFailure instanceof SSLException
                        ? "refused the TLS handshake: its certificate is not trusted, or not for this host ("
                                + firstLine(lastFailure.getMessage()) + "); trust the CA that signed it with "
                                + AvroSerdeConfig.TRUSTSTORE_LOCATION
                        : "is unreachable (" + lastFailure.getClass().getSimpleName() + ")";
        throw new SchemaRegistryException(0, 0, "Schema registry at " + lastUrl + " " + why, lastFailure);
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "no detail";
        }
        final String line = message.lines().findFirst().orElse("");
        // The JDK's "PKIX path building failed: sun.security...: unable to find valid certification path"
        final int internal = line.indexOf(": sun.security.");
        return internal < 0 ? line : line.substring(0, internal);
    }

    private static JsonNode readBody(final String method, final URI target, final HttpResponse<String> response) {
        final JsonNode body = parseJson(response.body());
        final int status = response.statusCode();
        if (status >= 200 && status < 300 && body != null) {
            return body;
        }
        final int errorCode = body == null ? 0 : body.path("error_code").asInt(0);
        final String registryMessage = body == null ? "" : body.path("message").asText("");
        final String what = switch (status) {
            case 401 -> "rejected the credentials";
            case 403 -> "denied access";
            case 404 -> "found no such schema or subject";
            case 409 -> "rejected the schema as incompatible with the subject's earlier versions";
            case 422 -> "rejected the schema as invalid";
            default -> status >= 200 && status < 300 ? "answered with a body that is not JSON" : "failed";
        };
        throw new SchemaRegistryException(
                status,
                errorCode,
                String.format(
                        "Schema registry %s (%s %s: HTTP %d%s%s)",
                        what,
                        method,
                        target.getPath(),
                        status,
                        errorCode == 0 ? "" : ", error_code " + errorCode,
                        registryMessage.isEmpty() ? "" : ", " + registryMessage));
    }

    private static JsonNode parseJson(final String text) {
        try {
            final JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (final IOException e) {
            return null;
        }
    }

    private static Schema parseSchema(final String text, final String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (final SchemaParseException e) {
            throw new SchemaRegistryException(
                    200,
                    0,
                    "Schema registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(),
                    e);
        }
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static URI parse(final String url) {
        final URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("schema registry URL is not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            // The URL itself is not echoed: an unparsed URL may still hold a password.
            throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port][/path], got "
                    + (uri.getHost() == null ? "one without a host" : "scheme '" + uri.getScheme() + "'"));
        }
        return uri;
    }

    private static URI withoutUserInfo(final URI uri) {
        if (uri.getRawUserInfo() == null) {
            return URI.create(stripTrailingSlash(uri.toString()));
        }
        final String text = uri.toString().replace(uri.getRawUserInfo() + "@", "");
        return URI.create(stripTrailingSlash(text));
    }

    private static String stripTrailingSlash(final String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(final String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}
