package io.quiesce.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CallbackConfigTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    static Map<String, String> defaults() {
        Map<String, String> values = new HashMap<>();
        values.put(CallbackConfig.CONNECT_TIMEOUT, "2s");
        values.put(CallbackConfig.READ_TIMEOUT, "5s");
        values.put(CallbackConfig.MAX_ATTEMPTS, "10");
        values.put(CallbackConfig.BACKOFF, "1s");
        values.put(CallbackConfig.MAX_BACKOFF, "5m");
        values.put(CallbackConfig.LEASE, "30s");
        values.put(CallbackConfig.MAX_CONCURRENT, "4");
        values.put(CallbackConfig.POLL_INTERVAL, "1s");
        values.put(CallbackConfig.SHUTDOWN_BUDGET, "1s");
        return values;
    }

    static CallbackConfig read(Map<String, String> values) {
        return CallbackConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void theShippedDefaultsAreValidAndTheTestsUseThem() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = CallbackConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shipped.load(in);
        }
        Map<String, String> callbacks = new HashMap<>();
        shipped.stringPropertyNames().stream()
                .filter(k -> k.startsWith("quiesce.callbacks."))
                .forEach(k -> callbacks.put(k, shipped.getProperty(k)));

        assertThat(callbacks).isEqualTo(defaults());
        assertThat(read(callbacks).shutdownBudget()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutASecretCallbacksAreOffAndNoHostIsAllowed() {
        CallbackConfig config = read(defaults());

        assertThat(config.enabled()).isFalse();
        assertThat(config.allows("hooks.example.com")).isFalse();
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void allowedHostsMatchExactlyOrAsSubdomainsOfAWildcard() {
        Map<String, String> values = defaults();
        values.put(CallbackConfig.SECRET, SECRET);
        values.put(CallbackConfig.ALLOWED_HOSTS, " Hooks.Example.com, *.partner.example ,127.0.0.1");
        CallbackConfig config = read(values);

        assertThat(config.enabled()).isTrue();
        assertThat(config.secret()).hasSize(24);
        assertThat(config.allows("hooks.example.com")).isTrue();
        assertThat(config.allows("HOOKS.EXAMPLE.COM")).isTrue();
        assertThat(config.allows("a.b.partner.example")).isTrue();
        assertThat(config.allows("partner.example")).isFalse();
        assertThat(config.allows("evilpartner.example")).isFalse();
        assertThat(config.allows("example.com")).isFalse();
        assertThat(config.allows("127.0.0.1")).isTrue();
    }

    @Test
    void aBadSecretFailsWithoutShowingIt() {
        Map<String, String> values = defaults();
        values.put(CallbackConfig.SECRET, "hunter2-hunter2-hunter2-hunter2");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CallbackConfig.SECRET)
                .hasMessageContaining("whsec_ followed by the base64 of 24 to 64 random bytes")
                .hasMessageNotContaining("hunter2");
        values.put(CallbackConfig.SECRET, "whsec_c2hvcnQ=");
        assertThatThrownBy(() -> read(values)).hasMessageContaining("not shown");
    }

    @Test
    void aLeaseThatAnAttemptCouldOutlastIsRefused() {
        Map<String, String> values = defaults();
        values.put(CallbackConfig.LEASE, "7s");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CallbackConfig.LEASE + "='7s'")
                .hasMessageContaining("longer than");
    }

    @Test
    void aHostListWithAPathOrSchemeIsRefused() {
        Map<String, String> values = defaults();
        values.put(CallbackConfig.ALLOWED_HOSTS, "https://hooks.example.com/x");

        assertThatThrownBy(() -> read(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CallbackConfig.ALLOWED_HOSTS);
    }
}
