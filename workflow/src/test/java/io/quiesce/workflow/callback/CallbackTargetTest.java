package io.quiesce.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackTargetTest {

    private static final CallbackConfig CONFIG =
            config("hooks.example.com,*.partner.example,127.0.0.1,localhost,[::1]");

    private static CallbackConfig config(String hosts) {
        Map<String, String> values = CallbackConfigTest.defaults();
        values.put(CallbackConfig.SECRET, CallbackConfigTest.SECRET);
        values.put(CallbackConfig.ALLOWED_HOSTS, hosts);
        return CallbackConfigTest.read(values);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com/quiesce?token=abc",
                "https://HOOKS.example.com:8443/x",
                "https://eu.partner.example/hook",
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://[::1]:9000/hook"
            })
    void acceptsHttpsToAnAllowedHostAndHttpToLoopback(String url) {
        assertThat(CallbackTarget.parse(url, CONFIG).uri()).hasToString(url);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://hooks.example.com/hook|must be an https URL",
                "ftp://hooks.example.com/hook|must be an https URL",
                "https://other.example.com/hook|names a host that callbacks may not go to",
                "https://partner.example/hook|names a host that callbacks may not go to",
                "https://hooks.example.com.evil.example/hook|names a host that callbacks may not go to",
                "http://127.0.0.2/hook|names a host that callbacks may not go to",
                "https://user:secret@hooks.example.com/hook|must not contain credentials",
                "https://hooks.example.com/hook#x|must not contain a fragment",
                "/relative/hook|must be an absolute URL",
                "https:///no-host|must be an absolute URL",
                "mailto:ops@example.com|must be an absolute URL",
                "https://hooks.example.com/a b|must be an absolute URL",
                "' '|is required"
            })
    void refusesWhatCannotOrMustNotBeSentNamingTheField(String url, String message) {
        assertThatThrownBy(() -> CallbackTarget.parse(url, CONFIG))
                .isInstanceOfSatisfying(
                        InvalidCallbackException.class,
                        e -> assertThat(e.field()).isEqualTo("callback.url"))
                .hasMessageContaining(message)
                .hasMessageNotContaining("secret");
    }

    @org.junit.jupiter.api.Test
    void aServerWithoutASecretRefusesEveryCallback() {
        CallbackConfig off = CallbackConfigTest.read(CallbackConfigTest.defaults());

        assertThatThrownBy(() -> CallbackTarget.parse("https://hooks.example.com/x", off))
                .isInstanceOfSatisfying(
                        InvalidCallbackException.class,
                        e -> assertThat(e.field()).isEqualTo("callback"))
                .hasMessageContaining(CallbackConfig.SECRET);
    }

    @org.junit.jupiter.api.Test
    void aVeryLongUrlIsRefused() {
        String url = "https://hooks.example.com/" + "a".repeat(CallbackTarget.MAX_LENGTH);

        assertThatThrownBy(() -> CallbackTarget.parse(url, CONFIG)).hasMessageContaining("at most 2048");
    }
}
