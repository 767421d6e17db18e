package io.quiesce.devservices.telemetry;

import java.time.Instant;

/** One accepted export request: when it arrived and how many spans, points or log records it carried. */
public record Arrival(OtlpSignal signal, Instant at, int items) {}
