package io.quiesce.testkit.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Requests whose framing a front proxy and the server could read differently (request smuggling seeds, RFC 9112 §6 and
 * §7): each is a POST of a small JSON body followed by a second request that only a server disagreeing with the sender
 * would see. A strict server answers each with one 400 and closes the connection.
 */
public record FramingCase(String name, String description, byte[] bytes) {

    /** What a server that misreads the framing answers a second time. */
    static final String SMUGGLED = "GET /api/demo/sleep?seconds=0 HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private static final String BODY = "{\"a\":1}";

    /**
     * The catalog against {@code path} (POST, JSON); {@code authorization} is a header value or null. With a token the
     * request reaches the application's filters; without one Liberty's authentication answers first.
     */
    public static List<FramingCase> all(String path, String authorization) {
        String auth = authorization == null ? "" : "Authorization: " + authorization + "\r\n";
        String start = "POST " + path + " HTTP/1.1\r\n";
        String host = "Host: localhost\r\n";
        String json = "Content-Type: application/json\r\n";
        String chunked = "7\r\n" + BODY + "\r\n0\r\n\r\n";
        return List.of(
                of(
                        "content-length-conflict",
                        "two Content-Length headers with different values",
                        start + host + auth + json + "Content-Length: 7\r\nContent-Length: " + (7 + SMUGGLED.length())
                                + "\r\n\r\n" + BODY + SMUGGLED),
                of(
                        "content-length-repeated",
                        "two Content-Length headers with the same value",
                        start + host + auth + json + "Content-Length: 7\r\nContent-Length: 7\r\n\r\n" + BODY),
                of(
                        "content-length-list",
                        "one Content-Length header holding a list",
                        start + host + auth + json + "Content-Length: 7, 7\r\n\r\n" + BODY),
                of(
                        "content-length-sign",
                        "a Content-Length with a plus sign",
                        start + host + auth + json + "Content-Length: +7\r\n\r\n" + BODY),
                of(
                        "transfer-encoding-chunked-identity",
                        "Transfer-Encoding: chunked, identity",
                        start + host + auth + json + "Transfer-Encoding: chunked, identity\r\n\r\n" + chunked),
                of(
                        "transfer-encoding-unknown",
                        "Transfer-Encoding: xchunked",
                        start + host + auth + json + "Transfer-Encoding: xchunked\r\n\r\n" + chunked),
                of(
                        "transfer-encoding-repeated",
                        "two Transfer-Encoding: chunked headers",
                        start + host + auth + json + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + chunked),
                of(
                        "transfer-encoding-and-content-length",
                        "Transfer-Encoding: chunked and a Content-Length",
                        start + host + auth + json + "Content-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + chunked),
                of(
                        "transfer-encoding-space-before-colon",
                        "whitespace between the header name and the colon",
                        start + host + auth + json + "Transfer-Encoding : chunked\r\nContent-Length: 7\r\n\r\n" + BODY),
                of(
                        "chunk-size-overflow",
                        "a chunk size that overflows 64 bits (2^64 + 7)",
                        start + host + auth + json + "Transfer-Encoding: chunked\r\n\r\n10000000000000007\r\n" + BODY
                                + "\r\n0\r\n\r\n" + SMUGGLED),
                of(
                        "chunk-size-hex-prefix",
                        "a chunk size written 0x7",
                        start + host + auth + json + "Transfer-Encoding: chunked\r\n\r\n0x7\r\n" + BODY
                                + "\r\n0\r\n\r\n"),
                of(
                        "chunk-size-leading-space",
                        "a chunk size preceded by a space",
                        start + host + auth + json + "Transfer-Encoding: chunked\r\n\r\n 7\r\n" + BODY
                                + "\r\n0\r\n\r\n"),
                of(
                        "host-missing",
                        "an HTTP/1.1 request without Host",
                        start + auth + json + "Content-Length: 7\r\n\r\n" + BODY),
                of(
                        "host-repeated",
                        "two Host headers",
                        start + host + "Host: other.example\r\n" + auth + json + "Content-Length: 7\r\n\r\n" + BODY),
                of(
                        "header-nul",
                        "a NUL in a header value",
                        start + host + auth + json + "X-Note: a\0b\r\nContent-Length: 7\r\n\r\n" + BODY),
                of(
                        "header-control-character",
                        "a control character (0x01) in a header value",
                        start + host + auth + json + "X-Note: a\u0001b\r\nContent-Length: 7\r\n\r\n" + BODY),
                of(
                        "header-bare-cr",
                        "a bare CR inside a header value",
                        start + host + auth + json + "X-Note: a\rb\r\nContent-Length: 7\r\n\r\n" + BODY),
                of(
                        "header-obs-fold",
                        "a header continued on the next line (obsolete line folding)",
                        start + host + auth + json + "X-Note: a\r\n b\r\nContent-Length: 7\r\n\r\n" + BODY));
    }

    private static FramingCase of(String name, String description, String request) {
        return new FramingCase(name, description, request.getBytes(StandardCharsets.ISO_8859_1));
    }
}
