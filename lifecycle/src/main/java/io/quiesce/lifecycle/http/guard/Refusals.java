package io.quiesce.lifecycle.http.guard;

import io.quiesce.lifecycle.log.EventLog;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts the requests the kernel refuses before the application, by reason, and logs them as one summary line per
 * {@code interval} at most: a client that sends a million bad requests costs the log one line a minute, never a line
 * each (nor anything it sent).
 */
public final class Refusals {

    public enum Reason {
        FRAMING,
        BODY_TIMEOUT,
        BODY_TOO_LARGE,
        BODY_BUFFER_FULL,
        OVERLOADED,
        QUEUE_DELAY,
        INVALID_TOKEN,
        AUTH_UNAVAILABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Reason, LongAdder> total = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicLong> logged = new EnumMap<>(Reason.class);
    private final Map<Reason, AtomicReference<String>> notes = new EnumMap<>(Reason.class);
    private final EventLog log;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final AtomicLong lastLine;

    public Refusals(EventLog log, LongSupplier nanoTime, Duration interval) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.lastLine = new AtomicLong(nanoTime.getAsLong() - intervalNanos);
        for (Reason r : Reason.values()) {
            total.put(r, new LongAdder());
            logged.put(r, new AtomicLong());
            notes.put(r, new AtomicReference<>());
        }
    }

    public void refused(Reason reason) {
        refused(reason, null);
    }

    /**
     * {@code note}: what the summary line may say about the last refusal of this kind (e.g. a rejected token's
     * fingerprint and why), never anything a client could use to fill the log: one note per reason and line.
     */
    public void refused(Reason reason, String note) {
        if (note != null) {
            notes.get(reason).set(note);
        }
        total.get(reason).increment();
        long now = nanoTime.getAsLong();
        long last = lastLine.get();
        if (now - last >= intervalNanos && lastLine.compareAndSet(last, now)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Reason r : Reason.values()) {
                long all = total.get(r).sum();
                fields.put(r.label(), all - logged.get(r).getAndSet(all));
            }
            for (Reason r : Reason.values()) {
                String lastNote = notes.get(r).getAndSet(null);
                if (lastNote != null) {
                    fields.put(r.label() + "_last", lastNote);
                }
            }
            fields.put("interval_ms", Duration.ofNanos(intervalNanos).toMillis());
            log.warn("http.refused", fields);
        }
    }

    public long count(Reason reason) {
        return total.get(reason).sum();
    }

    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            out.put(r.label(), total.get(r).sum());
        }
        return out;
    }
}
