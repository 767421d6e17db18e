package io.quiesce.server.it;

import java.util.Map;

/**
 * The framing cases of testkit's FramingCase that Liberty 26.0.0.3's HTTP parser decides before any application code
 * runs, so that the kernel's guard cannot refuse them with 400 (docs/hardening.md, "What Liberty cannot do", has a
 * reproducer for each). For these the test asserts what matters for smuggling: exactly one response, never a second
 * request read out of the first one's body.
 */
final class FramingLimits {

    static final Map<String, String> LIBERTY_DECIDES = Map.of(
            "content-length-conflict",
            "the first Content-Length wins and is the only one the application sees; Liberty closes the connection",
            "chunk-size-overflow",
            "the size is read modulo 2^64; the guard closes the connection of every chunked request",
            "transfer-encoding-and-content-length",
            "only Transfer-Encoding is visible to the application; Liberty closes the connection",
            "header-obs-fold",
            "Liberty unfolds the value (RFC 9112 allows replacing the fold with a space)");

    private FramingLimits() {}
}
