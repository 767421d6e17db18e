package io.quiesce.lifecycle.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLocationTest {

    private static final EventLog LOG = EventLog.named("test", LogFormat.TEXT);

    @TempDir
    Path dir;

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void readsAFileByPathOrUrlAndRefusesAMissingOneAtStartup() throws Exception {
        Path pem = Files.writeString(dir.resolve("public.pem"), Tokens.pem(Tokens.KEY));
        assertThat(new KeyLocation(pem.toString(), loader).read()).contains("BEGIN PUBLIC KEY");
        assertThat(new KeyLocation(pem.toUri().toString(), loader).read()).contains("BEGIN PUBLIC KEY");
        assertThat(KeySource.at(new KeyLocation(pem.toString(), loader), System::nanoTime, LOG)
                        .keys()
                        .keys())
                .hasSize(1);
        assertThatThrownBy(() -> KeySource.at(
                        new KeyLocation(dir.resolve("missing.pem").toString(), loader), System::nanoTime, LOG))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(BearerConfig.PUBLIC_KEY_LOCATION)
                .hasMessageContaining("missing.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
        assertThatThrownBy(() -> KeySource.at(new KeyLocation(garbage.toString(), loader), System::nanoTime, LOG))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("neither a PEM");
    }

    @Test
    void refusesKeysShorterThan2048BitsAndKeysNotForRs256Signatures() {
        java.security.KeyPair small = Tokens.generate(1024);
        assertThatThrownBy(() -> VerificationKeys.parse(Tokens.pem(small))).hasMessageContaining("1024 bits");
        assertThatThrownBy(() -> VerificationKeys.parse(Tokens.jwks(Tokens.jwk(small, "small"))))
                .hasMessageContaining("no RSA signing key");
        assertThat(VerificationKeys.parse(Tokens.jwks(Tokens.jwk(small, "small"), Tokens.jwk(Tokens.KEY, "k1")))
                        .kids())
                .containsExactly("k1");
        assertThat(VerificationKeys.parse(Tokens.jwk(Tokens.KEY, "single")).kids())
                .containsExactly("single");
        assertThatThrownBy(() -> VerificationKeys.parse(
                        Tokens.jwks(Tokens.jwk(Tokens.KEY, "enc").replace("\"sig\"", "\"enc\""))))
                .hasMessageContaining("no RSA signing key");
        assertThatThrownBy(() -> VerificationKeys.parse(
                        Tokens.jwks(Tokens.jwk(Tokens.KEY, "ps").replace("\"RS256\"", "\"PS256\""))))
                .hasMessageContaining("no RSA signing key");
    }

    @Test
    void fetchesAJwksOverHttpAndRefusesAnErrorOrAnOversizedAnswer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> answer(exchange, 200, Tokens.jwks(Tokens.jwk(Tokens.KEY, "k1"))));
        server.createContext("/missing", exchange -> answer(exchange, 404, "{}"));
        server.createContext("/huge", exchange -> answer(exchange, 200, "{" + " ".repeat(KeyLocation.MAX_BYTES) + "}"));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            KeyLocation jwks = new KeyLocation(base + "/jwks", loader);
            assertThat(jwks.remote()).isTrue();
            assertThat(VerificationKeys.parse(jwks.read()).kids()).containsExactly("k1");
            assertThatThrownBy(() -> new KeyLocation(base + "/missing", loader).read())
                    .hasMessageContaining("HTTP 404");
            assertThatThrownBy(() -> new KeyLocation(base + "/huge", loader).read())
                    .hasMessageContaining("larger than");
            // A remote location is read when first needed, not at startup.
            KeySource lazy = KeySource.at(new KeyLocation(base + "/missing", loader), System::nanoTime, LOG);
            assertThatThrownBy(lazy::keys)
                    .isInstanceOfSatisfying(
                            TokenRejected.class,
                            e -> assertThat(e.reason()).isEqualTo(TokenRejected.Reason.KEYS_UNAVAILABLE));
        } finally {
            server.stop(0);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
