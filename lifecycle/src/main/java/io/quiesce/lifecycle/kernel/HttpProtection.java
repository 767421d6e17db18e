package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.http.auth.BearerAuthentication;
import io.quiesce.lifecycle.http.auth.BearerConfig;
import io.quiesce.lifecycle.http.guard.BodyBuffering;
import io.quiesce.lifecycle.http.guard.Deadlines;
import io.quiesce.lifecycle.http.guard.FramingGuard;
import io.quiesce.lifecycle.http.guard.GuardConfig;
import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.http.limit.GradientLimit;
import io.quiesce.lifecycle.http.limit.LimitConfig;
import io.quiesce.lifecycle.http.limit.LimitFilter;
import io.quiesce.lifecycle.http.limit.QueueDelay;
import io.quiesce.lifecycle.http.limit.QueueGate;
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
 * framing, bearer-token authentication (when enabled), bodies read without a thread, then the concurrency limit. One
 * instance per application.
 */
public final class HttpProtection {

    static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);

    private final GuardConfig guard;
    private final LimitConfig limitConfig;
    private final BearerConfig bearer;
    private final Refusals refusals;
    private final GradientLimit limit;
    private final Deadlines deadlines = new Deadlines();
    private final BodyBuffering bodies;
    private final LimitFilter limitFilter;
    private final BearerAuthentication authentication;
    private final QueueDelay queueDelay;
    private final QueueGate queueGate;

    HttpProtection(GuardConfig guard, LimitConfig limitConfig, BearerConfig bearer, ClassLoader loader, EventLog log) {
        this.guard = guard;
        this.limitConfig = limitConfig;
        this.bearer = bearer;
        this.refusals = new Refusals(log, System::nanoTime, REFUSAL_LOG_INTERVAL);
        this.authentication =
                bearer.enabled() ? BearerAuthentication.of(bearer, loader, refusals, log, System::nanoTime) : null;
        this.limit = new GradientLimit(limitConfig, System::nanoTime);
        this.limitFilter = new LimitFilter(limit, limitConfig, refusals);
        this.bodies = new BodyBuffering(guard, refusals, deadlines, limitFilter);
        Duration target = limitConfig.queueDelay();
        this.queueDelay = new QueueDelay(target, target.multipliedBy(5), target, System::nanoTime);
        this.queueGate = limitConfig.shedsByQueueDelay() ? new QueueGate(queueDelay, limitConfig, refusals, log) : null;
    }

    /** In this order, after the drain filter; the limit also sees the asynchronous dispatch of a buffered body. */
    void register(ServletContext context) {
        if (queueGate != null) {
            add(context, "quiesce-queue", queueGate, EnumSet.of(DispatcherType.REQUEST));
        }
        add(context, "quiesce-framing", new FramingGuard(refusals), EnumSet.of(DispatcherType.REQUEST));
        if (authentication != null) {
            add(context, "quiesce-auth", authentication, EnumSet.of(DispatcherType.REQUEST));
        }
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

    QueueDelay queueDelay() {
        return queueDelay;
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
        fields.put("limit_queue_delay", limitConfig.queueDelay());
        fields.put("body_read_timeout", guard.bodyTimeout());
        fields.put("body_max_bytes", guard.maxBodyBytes());
        fields.put("body_buffer_bytes", guard.bufferBytes());
        fields.put("auth", bearer.enabled() ? "bearer" : "off");
        if (bearer.enabled()) {
            fields.put("auth_issuer", bearer.issuer());
            fields.put("auth_audiences", String.join(",", bearer.audiences()));
            fields.put("auth_key", bearer.keyLocation().orElse(BearerConfig.PUBLIC_KEY));
            fields.put("auth_clock_skew", bearer.clockSkew());
        }
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
        counts.put(
                "queue_delay_highest_ms",
                Duration.ofNanos(queueDelay.highestNanos()).toMillis());
        refusals.counts().forEach((reason, n) -> counts.put("refused_" + reason, n));
        return counts;
    }

    void close() {
        deadlines.close();
    }
}
