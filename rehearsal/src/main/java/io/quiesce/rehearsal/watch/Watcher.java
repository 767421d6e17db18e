package io.quiesce.rehearsal.watch;

import io.quiesce.testkit.sse.SseConnection;
import io.quiesce.testkit.sse.SseItem;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows one instance's events as a browser's EventSource does, and as a careful page uses it: connects through the
 * balancer, reconnects after the last {@code retry} it was sent when the stream ends or breaks, sending the id of the
 * last event it received as {@code Last-Event-ID}; gives up for good on any answer but a 200 stream (204 included, as
 * the standard says); retries nothing else; and closes itself once the {@code finished} event arrived.
 */
final class Watcher implements Runnable {

    /** The event a draining server ends a stream with: its {@code retry} is the hint; it is no instance event. */
    static final String RECONNECT = "reconnect";

    /** Before any {@code retry} field: what browsers wait (3 s in Chromium and Firefox). */
    static final long DEFAULT_RETRY_MILLIS = 3000;

    enum Outcome {
        /** Received the instance's final event and closed. */
        FINISHED,
        /** An answer other than a 200 stream (EventSource fails the connection and never reconnects). */
        FAILED,
        /** Still following when the rehearsal stopped waiting. */
        ABANDONED
    }

    /** One connection attempt: when it started and answered, how it ended, the hint in force when it ended. */
    record Attempt(
            long startedNanos,
            long answeredNanos,
            int status,
            long endedNanos,
            String ending,
            long retryAtEndMillis,
            long waitedBeforeMillis) {}

    /** @param latencyMillis from the write's commit to here for an event recorded while the stream was open, else -1 */
    record Received(int seq, String name, long receivedNanos, double latencyMillis) {}

    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");

    private final String instanceId;
    private final int port;
    private final Map<String, String> auth;
    private final Duration readTimeout;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private volatile Outcome outcome = Outcome.ABANDONED;
    private volatile String failure;
    private volatile SseConnection current;

    Watcher(String instanceId, int port, String token, Duration readTimeout) {
        this.instanceId = instanceId;
        this.port = port;
        this.auth = Map.of("Authorization", "Bearer " + token);
        this.readTimeout = readTimeout;
    }

    @Override
    public void run() {
        long retry = DEFAULT_RETRY_MILLIS;
        String lastEventId = null;
        long waited = 0;
        try {
            while (stop.getCount() > 0) {
                long started = System.nanoTime();
                long answered = 0;
                int status = -1;
                String ending;
                try (SseConnection stream = SseConnection.open(
                        "127.0.0.1",
                        port,
                        "/api/instances/" + instanceId + "/events",
                        auth,
                        lastEventId,
                        readTimeout)) {
                    current = stream;
                    answered = System.nanoTime();
                    Instant openedAt = Instant.now();
                    status = stream.status();
                    if (!stream.isStream()) {
                        failure = status + " " + abbreviate(stream.body());
                        attempts.add(new Attempt(started, answered, status, answered, "failed", retry, waited));
                        outcome = Outcome.FAILED;
                        return;
                    }
                    ending = "ended";
                    for (SseItem item = stream.next(); item != null; item = stream.next()) {
                        if (item instanceof SseItem.Retry hint) {
                            retry = hint.millis();
                        } else if (item instanceof SseItem.Event event
                                && !event.name().equals(RECONNECT)) {
                            lastEventId = event.id();
                            received.add(new Received(
                                    seq(event.id()),
                                    event.name(),
                                    event.receivedNanos(),
                                    liveLatency(event.data(), openedAt, Instant.now())));
                            if (event.name().equals("finished")) {
                                attempts.add(new Attempt(
                                        started, answered, status, System.nanoTime(), "closed", retry, waited));
                                outcome = Outcome.FINISHED;
                                return;
                            }
                        }
                    }
                } catch (IOException e) {
                    ending = (answered == 0 ? "connect: " : "cut: ")
                            + e.getClass().getSimpleName();
                } finally {
                    current = null;
                }
                attempts.add(new Attempt(started, answered, status, System.nanoTime(), ending, retry, waited));
                waited = retry;
                if (stop.await(retry, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    /** Stops following (the rehearsal is over); a stream in progress is closed. */
    void stop() {
        stop.countDown();
        SseConnection stream = current;
        if (stream != null) {
            stream.close();
        }
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String instanceId() {
        return instanceId;
    }

    Outcome outcome() {
        return outcome;
    }

    String failure() {
        return failure;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    /** Only for an event written after the stream opened: a history event's age says nothing about the fan-out. */
    private static double liveLatency(String data, Instant openedAt, Instant now) {
        Matcher at = AT.matcher(data);
        if (!at.find()) {
            return -1;
        }
        try {
            Instant written = Instant.parse(at.group(1));
            return written.isBefore(openedAt)
                    ? -1
                    : Duration.between(written, now).toNanos() / 1e6;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static int seq(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String abbreviate(String body) {
        String flat = body.replace('\n', ' ');
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
