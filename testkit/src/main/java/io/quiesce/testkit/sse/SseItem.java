package io.quiesce.testkit.sse;

/** What a Server-Sent Events stream delivers, field group by field group, as an EventSource parses it. */
public sealed interface SseItem {

    /** A dispatched event; {@code id} is the stream's last event id at dispatch (an EventSource's lastEventId). */
    record Event(String id, String name, String data, long receivedNanos) implements SseItem {}

    /** A {@code retry:} field: the reconnection time from now on. */
    record Retry(long millis) implements SseItem {}

    /** A comment line ({@code : heartbeat}). */
    record Comment(String text) implements SseItem {}
}
