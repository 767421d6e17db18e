package io.quiesce.server.it;

import java.util.Map;

/**
 * The framing cases Liberty 26.0.0.3's HTTP parser decides before any application code runs, with what it does; each
 * has a reproducer in docs/hardening.md. Every other case of testkit's FramingCase is refused by the kernel.
 */
final class FramingLimits {

    static final Map<String, String> LIBERTY_DECIDES = Map.of();

    private FramingLimits() {}
}
