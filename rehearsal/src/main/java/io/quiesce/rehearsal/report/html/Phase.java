package io.quiesce.rehearsal.report.html;

/** What a pod's lane shows at a time; {@code css} names its fill and pattern, {@code label} is written on it. */
enum Phase {
    STARTING("starting", "starting", "started, not yet Ready"),
    SERVING("serving", "ready", "Ready (the strip below: in the balancer)"),
    UNREADY("unready", "unready", "failed its readiness probe while serving"),
    PRESTOP("prestop", "preStop", "deleted: preStop sleep, then SIGTERM"),
    DELAY("delay", "DOWN, delay", "SIGTERM: readiness DOWN, pre-drain delay"),
    DRAIN("drain", "drain", "HTTP drain"),
    STOPPING("stopping", "stopping", "jobs, workflow worker, pools, telemetry"),
    TERMINATING("stopping", "after SIGTERM", "after SIGTERM (no shutdown log)");

    final String css;
    final String label;
    final String legend;

    Phase(String css, String label, String legend) {
        this.css = css;
        this.label = label;
        this.legend = legend;
    }
}
