package io.quiesce.lifecycle.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerConfigTest {

    private final Map<String, String> values = new HashMap<>(Map.of(
            BearerConfig.ENABLED, "true",
            BearerConfig.ISSUER, "https://issuer.example",
            BearerConfig.PUBLIC_KEY_LOCATION, "https://issuer.example/jwks",
            BearerConfig.AUDIENCES, " quiesce, other ,"));

    private BearerConfig read() {
        return BearerConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void readsTheMicroProfileJwtSettingsWithLibertysClockSkew() {
        BearerConfig config = read();
        assertThat(config.enabled()).isTrue();
        assertThat(config.issuer()).isEqualTo("https://issuer.example");
        assertThat(config.audiences()).isEqualTo(Set.of("quiesce", "other"));
        assertThat(config.keyLocation()).contains("https://issuer.example/jwks");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofMinutes(5));
        values.put(BearerConfig.CLOCK_SKEW, "60");
        assertThat(read().clockSkew()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void offNeedsNothingElse() {
        values.clear();
        values.put(BearerConfig.ENABLED, "false");
        assertThat(read().enabled()).isFalse();
    }

    @Test
    void badSettingsFailNamingTheProperty() {
        values.put(BearerConfig.ENABLED, "yes");
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class).hasMessageContaining(BearerConfig.ENABLED);
        values.put(BearerConfig.ENABLED, "true");
        values.remove(BearerConfig.ISSUER);
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.ISSUER);
        values.put(BearerConfig.ISSUER, "https://issuer.example");
        values.remove(BearerConfig.PUBLIC_KEY_LOCATION);
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.PUBLIC_KEY_LOCATION);
        values.put(BearerConfig.PUBLIC_KEY, "x");
        values.put(BearerConfig.PUBLIC_KEY_LOCATION, "/keys/public.pem");
        assertThatThrownBy(this::read).hasMessageContaining("exactly one");
        values.remove(BearerConfig.PUBLIC_KEY);
        values.put(BearerConfig.PUBLIC_KEY_LOCATION, "ftp://issuer.example/key.pem");
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.PUBLIC_KEY_LOCATION);
        values.put(BearerConfig.PUBLIC_KEY_LOCATION, "https://issuer example/jwks");
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.PUBLIC_KEY_LOCATION);
        values.put(BearerConfig.PUBLIC_KEY_LOCATION, "https://issuer.example/jwks");
        values.put(BearerConfig.ALGORITHM, "ES256");
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.ALGORITHM);
        values.put(BearerConfig.ALGORITHM, "RS256");
        values.put(BearerConfig.CLOCK_SKEW, "5m");
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.CLOCK_SKEW);
        values.remove(BearerConfig.CLOCK_SKEW);
        values.put(BearerConfig.TOKEN_HEADER, "Cookie");
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.TOKEN_HEADER);
        values.remove(BearerConfig.TOKEN_HEADER);
        values.put(BearerConfig.DECRYPT_KEY_LOCATION, "/keys/private.pem");
        assertThatThrownBy(this::read).hasMessageContaining(BearerConfig.DECRYPT_KEY_LOCATION);
    }
}
