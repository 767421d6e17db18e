package io.quiesce.lifecycle.http.auth;

import io.quiesce.lifecycle.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the verification keys come from ({@code mp.jwt.verify.publickey.location}): an http or https URL (a JWKS
 * endpoint, typically), a file: URL or a path, or a classpath resource. Every read is bounded in time and size: it
 * runs on the request thread that needs the keys.
 */
final class KeyLocation {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    /** The whole read, however slowly a server trickles its answer. */
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(8);

    static final int MAX_BYTES = 256 * 1024;

    private final String location;
    private final ClassLoader classLoader;

    KeyLocation(String location, ClassLoader classLoader) {
        this.location = location.trim();
        this.classLoader = classLoader;
    }

    /** Fails at startup for a location that can never be read (an unsupported scheme, a malformed URL). */
    static void check(String location) {
        String scheme = scheme(location.trim());
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw ConfigException.invalid(
                    BearerConfig.PUBLIC_KEY_LOCATION,
                    location,
                    "an http:, https: or file: URL, a file path or a classpath resource");
        }
        if (scheme != null) {
            try {
                new URI(location.trim()).toURL();
            } catch (URISyntaxException | IllegalArgumentException | java.net.MalformedURLException e) {
                throw ConfigException.invalid(BearerConfig.PUBLIC_KEY_LOCATION, location, "a well-formed URL");
            }
        }
    }

    /** A scheme of two or more letters (so that {@code C:\keys} stays a path). */
    private static String scheme(String location) {
        int colon = location.indexOf(':');
        if (colon < 2) {
            return null;
        }
        String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.chars().allMatch(c -> c >= 'a' && c <= 'z') ? scheme : null;
    }

    boolean remote() {
        String scheme = scheme(location);
        return "http".equals(scheme) || "https".equals(scheme);
    }

    String read() throws IOException {
        String scheme = scheme(location);
        if (remote()) {
            return fetch();
        }
        if ("file".equals(scheme)) {
            try {
                return readFile(Path.of(new URI(location)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("not a file URL: " + e.getMessage());
            }
        }
        Path path = Path.of(location);
        if (path.isAbsolute() || Files.exists(path)) {
            return readFile(path);
        }
        String resource = location.startsWith("/") ? location.substring(1) : location;
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no file and no classpath resource " + location);
            }
            return new String(bounded(in, Long.MAX_VALUE), StandardCharsets.UTF_8);
        }
    }

    private static String readFile(Path path) throws IOException {
        if (Files.size(path) > MAX_BYTES) {
            throw new IOException(path + " is larger than " + MAX_BYTES + " bytes");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private String fetch() throws IOException {
        long deadline = System.nanoTime() + TOTAL_TIMEOUT.toNanos();
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) new URI(location).toURL().openConnection();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("not a URL: " + e.getMessage());
        }
        try {
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json, application/jwk-set+json, */*");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status + " from " + location);
            }
            try (InputStream in = connection.getInputStream()) {
                return new String(bounded(in, deadline), StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }

    private static byte[] bounded(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                throw new IOException("key material larger than " + MAX_BYTES + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("key material not read within " + TOTAL_TIMEOUT.toSeconds() + " s");
            }
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return location;
    }
}
