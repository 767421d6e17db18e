package io.quiesce.lifecycle.http.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FramingRulesTest {

    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private FramingRulesTest header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    private Optional<String> check(String protocol) {
        return FramingRules.violation(protocol, List.copyOf(headers.keySet()), headers::get);
    }

    private Optional<String> check() {
        return check("HTTP/1.1");
    }

    @Test
    void anOrdinaryRequestPasses() {
        header("Host", "localhost:9080").header("Content-Length", "7").header("Authorization", "Bearer a.b.c");
        assertThat(check()).isEmpty();
        headers.clear();
        header("Host", "h").header("Transfer-Encoding", "Chunked").header("X-Tab", "a\tb");
        assertThat(check()).isEmpty();
    }

    @Test
    void contentLengthMustBeOneDecimalNumber() {
        header("Host", "h").header("Content-Length", "7").header("Content-Length", "7");
        assertThat(check()).contains("Content-Length is sent more than once.");
        for (String bad : List.of("7, 7", "+7", "-1", "0x7", "", "1234567890123456789")) {
            headers.clear();
            header("Host", "h").header("Content-Length", bad);
            assertThat(check()).as(bad).contains("Content-Length is not a single decimal number.");
        }
    }

    @Test
    void transferEncodingMustBeExactlyChunkedAndAlone() {
        for (String bad : List.of("chunked, identity", "identity", "xchunked", "gzip, chunked", "chunked, chunked")) {
            headers.clear();
            header("Host", "h").header("Transfer-Encoding", bad);
            assertThat(check()).as(bad).contains("Transfer-Encoding is not exactly chunked.");
        }
        headers.clear();
        header("Host", "h").header("Transfer-Encoding", "chunked").header("Transfer-Encoding", "chunked");
        assertThat(check()).contains("Transfer-Encoding is not exactly chunked.");
        headers.clear();
        header("Host", "h").header("Transfer-Encoding", "chunked").header("Content-Length", "7");
        assertThat(check()).contains("Transfer-Encoding and Content-Length are both sent.");
    }

    @Test
    void http11NeedsExactlyOneHost() {
        header("Content-Length", "0");
        assertThat(check()).contains("An HTTP/1.1 request needs a Host header.");
        assertThat(check("HTTP/1.0")).isEmpty();
        header("Host", "a").header("Host", "b");
        assertThat(check()).contains("Host is sent more than once.");
    }

    @Test
    void controlCharactersAndOddNamesAreRefused() {
        for (String bad : List.of("a\0b", "a\u0001b", "a\rb", "a\nb", "a\u007fb")) {
            headers.clear();
            header("Host", "h").header("X-Note", bad);
            assertThat(check()).as("%s", bad.chars().toArray()).contains("A header value holds a control character.");
        }
        headers.clear();
        header("Host", "h").header("Transfer-Encoding ", "chunked");
        assertThat(check()).contains("A header name is not a token (whitespace or a separator in it).");
    }
}
