package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.http.guard.BodyBuffering;
import io.quiesce.lifecycle.http.guard.Deadlines;
import io.quiesce.lifecycle.http.guard.FramingGuard;
import io.quiesce.lifecycle.http.guard.GuardConfig;
import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.http.limit.GradientLimit;
import io.quiesce.lifecycle.http.limit.LimitConfig;
import io.quiesce.lifecycle.http.limit.LimitFilter;
import io.quiesce.lifecycle.log.EventLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filters that stand between hostile clients or overload and the application, after the drain filter: strict
 * framing, bodies read without a thread, then the concurrency limit. One instance per application.
 */
public final class HttpProtection {

    static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);

    private final GuardConfig guard;
    private final LimitConfig limitConfig;
    private final Refusals refusals;
    private final GradientLimit limit;
    private final Deadlines deadlines = new Deadlines();
    private final BodyBuffering bodies;
    private final LimitFilter limitFilter;

    HttpProtection(GuardConfig guard, LimitConfig limitConfig, EventLog log) {
        this.guard = guard;
        this.limitConfig = limitConfig;
        this.refusals = new Refusals(log, System::nanoTime, REFUSAL_LOG_INTERVAL);
        this.limit = new GradientLimit(limitConfig, System::nanoTime);
        this.limitFilter = new LimitFilter(limit, limitConfig, refusals);
        this.bodies = new BodyBuffering(guard, refusals, deadlines, limitFilter);
    }

    /** In this order, after the drain filter; the limit also sees the asynchronous dispatch of a buffered body. */
    void register(ServletContext context) {
        add(context, "quiesce-framing", new FramingGuard(refusals), EnumSet.of(DispatcherType.REQUEST));
        add(context, "quiesce-body", bodies, EnumSet.of(DispatcherType.REQUEST));
        add(context, "quiesce-limit", limitFilter, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }

    private static void add(ServletContext context, String name, Filter filter, EnumSet<DispatcherType> types) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(types, false, "/*");
    }

    GradientLimit limit() {
        return limit;
    }

    Refusals refusals() {
        return refusals;
    }

    Map<String, Object> settings() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("limit_enabled", limitConfig.enabled());
        fields.put("limit_initial", limitConfig.initial());
        fields.put("limit_min", limitConfig.min());
        fields.put("limit_max", limitConfig.max());
        fields.put("body_read_timeout", guard.bodyTimeout());
        fields.put("body_max_bytes", guard.maxBodyBytes());
        fields.put("body_buffer_bytes", guard.bufferBytes());
        return fields;
    }

    /** What the limit did, for the drain phase of the shutdown report. */
    Map<String, Long> report() {
        GradientLimit.Snapshot s = limit.snapshot();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("limit", (long) s.limit());
        counts.put("limit_lowest", (long) s.lowest());
        counts.put("limit_highest", (long) s.highest());
        counts.put("limit_accepted", s.accepted());
        refusals.counts().forEach((reason, n) -> counts.put("refused_" + reason, n));
        return counts;
    }

    void close() {
        deadlines.close();
    }
}
