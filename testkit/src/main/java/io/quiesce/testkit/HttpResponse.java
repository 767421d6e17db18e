package io.quiesce.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** A response as read off the wire; header names are lower case. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean closesConnection() {
        String connection = header("connection");
        return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
