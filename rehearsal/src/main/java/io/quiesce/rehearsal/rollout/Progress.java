package io.quiesce.rehearsal.rollout;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.testkit.OpenLoad;
import java.io.Console;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a long rehearsal has done so far: one event line per replacement, and a status line (elapsed, replacements
 * done of total, requests and failures so far) redrawn every second in place on a terminal, or logged as a plain line
 * every {@value #LOG_EVERY_SECONDS} s otherwise (CI logs).
 */
final class Progress implements AutoCloseable {

    static final int LOG_EVERY_SECONDS = 10;

    private final int total;
    private final EventLog log;
    private final Console console;
    private final long began = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private volatile OpenLoad load;
    private ScheduledFuture<?> ticks;

    /** @param console the terminal to redraw the status line on; null: log it */
    Progress(int total, EventLog log, Console console) {
        this.total = total;
        this.log = log;
        this.console = console;
    }

    void start(ScheduledExecutorService timers) {
        long every = console != null ? 1 : LOG_EVERY_SECONDS;
        ticks = timers.scheduleAtFixedRate(this::tick, every, every, TimeUnit.SECONDS);
    }

    /** The load whose requests the status line counts, once it runs. */
    void load(OpenLoad running) {
        load = running;
    }

    /** A deleted pod has exited: one replacement done. */
    void replaced(Pod pod) {
        OpenLoad l = load;
        log.info(
                "rehearsal.replacement_done",
                fields(
                        "replacement",
                        done.incrementAndGet() + "/" + total,
                        "pod",
                        pod.name(),
                        "exit_code",
                        pod.exitCode().orElse(-1),
                        "sigkilled",
                        pod.sigkilled(),
                        "sigterm_to_exit_ms",
                        (pod.exitNanos() - pod.sigtermNanos()) / 1_000_000,
                        "requests",
                        l == null ? 0 : l.completed(),
                        "failures",
                        l == null ? 0 : l.failed()));
    }

    String status() {
        OpenLoad l = load;
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        return String.format(
                Locale.ROOT,
                "rehearsal %dm%02ds  replacements %d/%d  requests %d  failures %d",
                seconds / 60,
                seconds % 60,
                done.get(),
                total,
                l == null ? 0 : l.completed(),
                l == null ? 0 : l.failed());
    }

    private void tick() {
        if (console == null) {
            log.info("rehearsal.progress", fields("status", status()));
            return;
        }
        // Straight to the terminal, not through the log: a redrawn line is no event, and a log handler would end it
        // with a newline. The cursor goes back to column 0, so the next log line writes over the status line.
        console.writer().print("\r" + status() + "\033[K\r");
        console.writer().flush();
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (console != null) {
            console.writer().print("\033[K");
            console.writer().flush();
        }
    }
}
