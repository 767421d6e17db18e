package io.quiesce.lifecycle.http.guard;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a request's head must look like to mean one thing to every HTTP/1.1 parser on its way (RFC 9112 §6.1-6.3, §3.2;
 * RFC 9110 §5.5): anything a front proxy could read differently from Liberty is a request-smuggling seed, so it is
 * refused rather than interpreted.
 */
public final class FramingRules {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private FramingRules() {}

    /**
     * Why the head is refused, or empty when it is unambiguous. {@code values} gives every value of a header name, one
     * per header line, in the order received.
     */
    public static Optional<String> violation(
            String protocol, List<String> names, Function<String, List<String>> values) {
        for (String name : names) {
            if (!TOKEN.matcher(name).matches()) {
                return Optional.of("A header name is not a token (whitespace or a separator in it).");
            }
            for (String value : values.apply(name)) {
                if (hasControlCharacter(value)) {
                    return Optional.of("A header value holds a control character.");
                }
            }
        }
        List<String> lengths = all(names, values, "content-length");
        List<String> encodings = all(names, values, "transfer-encoding");
        if (lengths.size() > 1) {
            return Optional.of("Content-Length is sent more than once.");
        }
        if (lengths.size() == 1 && !DIGITS.matcher(lengths.get(0).trim()).matches()) {
            return Optional.of("Content-Length is not a single decimal number.");
        }
        if (!encodings.isEmpty()) {
            if (encodings.size() > 1 || !encodings.get(0).trim().equalsIgnoreCase("chunked")) {
                return Optional.of("Transfer-Encoding is not exactly chunked.");
            }
            if (!lengths.isEmpty()) {
                return Optional.of("Transfer-Encoding and Content-Length are both sent.");
            }
        }
        if ("HTTP/1.1".equals(protocol)) {
            int hosts = all(names, values, "host").size();
            if (hosts != 1) {
                return Optional.of(
                        hosts == 0 ? "An HTTP/1.1 request needs a Host header." : "Host is sent more than once.");
            }
        }
        return Optional.empty();
    }

    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static List<String> all(List<String> names, Function<String, List<String>> values, String wanted) {
        return names.stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).equals(wanted))
                .flatMap(n -> values.apply(n).stream())
                .toList();
    }
}
