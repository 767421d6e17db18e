package io.quiesce.server.it;

import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Requests against one deployment's API with a bearer token, each on a fresh connection. */
final class Api {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final String basePath;

    Api(URL base) {
        this(base.getPort(), base.getPath());
    }

    Api(int port, String basePath) {
        this.port = port;
        this.basePath = basePath.endsWith("/") ? basePath : basePath + "/";
    }

    HttpResponse send(
            String method, String path, String bearer, Map<String, String> headers, String contentType, String body) {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", port, TIMEOUT)) {
            if (bearer != null) {
                connection.withHeader("Authorization", "Bearer " + bearer);
            }
            headers.forEach(connection::withHeader);
            return connection.send(
                    method, basePath + path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    HttpResponse get(String path, String bearer) {
        return send("GET", path, bearer, Map.of(), null, null);
    }

    HttpResponse post(String path, String bearer, String json) {
        return send("POST", path, bearer, Map.of(), "application/json", json);
    }

    static JsonObject json(HttpResponse response) {
        try (var reader = Json.createReader(new StringReader(response.bodyText()))) {
            return reader.readObject();
        }
    }
}
