package io.quiesce.workflow.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The Temporal SDK's tracing interceptors and the module's meter, from the application's OpenTelemetry. The
 * interceptors propagate the trace in Temporal's headers, so a workflow's activities join the trace of the request
 * that started it on whichever server runs them. With the SDK off they are not installed at all (no shim, no headers):
 * Liberty's OpenTelemetry is a CDI client proxy, so whether it is a real SDK can only be told from its configuration.
 */
public final class WorkflowTelemetry {

    private final Meter meter;
    private final OpenTracingOptions tracing;

    private WorkflowTelemetry(OpenTelemetry openTelemetry, boolean traced) {
        // Resolved here, on the constructing (application) thread: Liberty's producer needs the application's metadata.
        this.meter = openTelemetry.getMeter(WorkflowTelemetryNames.SCOPE);
        this.tracing = traced
                ? OpenTracingOptions.newBuilder()
                        .setTracer(OpenTracingShim.createTracerShim(openTelemetry))
                        .build()
                : null;
    }

    /** @param traced whether the SDK is on ({@code otel.sdk.disabled=false}): only then are interceptors installed */
    public static WorkflowTelemetry of(OpenTelemetry openTelemetry, boolean traced) {
        return new WorkflowTelemetry(openTelemetry, traced);
    }

    /** No interceptors, no-op meter. */
    public static WorkflowTelemetry off() {
        return new WorkflowTelemetry(OpenTelemetry.noop(), false);
    }

    public boolean traced() {
        return tracing != null;
    }

    public Meter meter() {
        return meter;
    }

    public WorkflowClientInterceptor[] clientInterceptors() {
        return tracing == null
                ? new WorkflowClientInterceptor[0]
                : new WorkflowClientInterceptor[] {new OpenTracingClientInterceptor(tracing)};
    }

    /**
     * The module's own interceptors, then tracing. The replayer must get the same list as the worker, so that the
     * replay gate checks what production runs.
     */
    public WorkerInterceptor[] workerInterceptors(WorkerInterceptor... own) {
        List<WorkerInterceptor> all = new ArrayList<>(List.of(own));
        if (tracing != null) {
            all.add(new OpenTracingWorkerInterceptor(tracing));
        }
        return all.toArray(WorkerInterceptor[]::new);
    }
}
