package io.quiesce.workflow.telemetry;

/**
 * Every span, metric and attribute name the workflow module emits, in one place so that tests and dashboards can
 * rely on them. The Temporal spans are the SDK's own ({@code temporal-opentracing}): {@code <operation>:<type>}. The
 * worker caches no workflow between tasks, so each workflow task replays the code and opens its own RunWorkflow span
 * ({@code evicted=true} on all but the last).
 */
public final class WorkflowTelemetryNames {

    public static final String SCOPE = "io.quiesce.workflow";

    /** Span name prefixes of the SDK's interceptors, each followed by the workflow or activity type. */
    public static final String START_WORKFLOW = "StartWorkflow:";

    public static final String RUN_WORKFLOW = "RunWorkflow:";
    public static final String START_ACTIVITY = "StartActivity:";
    public static final String RUN_ACTIVITY = "RunActivity:";
    /** Span attributes the SDK's interceptors set. */
    public static final String WORKFLOW_ID = "workflowId";

    public static final String RUN_ID = "runId";

    public static final String ACTIVITIES_RUNNING = "quiesce.workflow.activities.running";
    public static final String ACTIVITIES_DRAINED = "quiesce.workflow.activities.drained";
    public static final String ACTIVITIES_ABANDONED = "quiesce.workflow.activities.abandoned";
    public static final String INSTANCES = "quiesce.workflow.instances";
    public static final String CALLBACKS_IN_FLIGHT = "quiesce.callbacks.in_flight";
    public static final String CALLBACKS_ATTEMPTS = "quiesce.callbacks.attempts";
    public static final String UNIT_ACTIVITY = "{activity}";
    public static final String UNIT_DELIVERY = "{delivery}";
    public static final String UNIT_INSTANCE = "{instance}";

    /** {@code completed} or {@code failed}: how a drained activity ended. */
    public static final String ACTIVITY_OUTCOME = "quiesce.activity.outcome";

    public static final String INSTANCE_STATUS = "quiesce.instance.status";

    /** {@code delivered}, {@code retry} or {@code failed}: how a callback attempt ended. */
    public static final String CALLBACK_OUTCOME = "quiesce.callback.outcome";

    private WorkflowTelemetryNames() {}
}
