package io.quiesce.kubernetes.invariant;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.quiesce.kubernetes.app.ServerXml;
import io.quiesce.kubernetes.pod.PodView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Probes hit mpHealth's endpoints on Liberty's port (both from liberty/server.xml) and allow for a slow start. */
final class ProbeChecks {

    static final String PROBE_PATHS = "probe-paths";
    static final String PROBE_PORT = "probe-port";
    static final String STARTUP_WINDOW = "startup-window";

    /**
     * Start to ready took 4-12 s on a developer machine with the workflow worker (DESIGN.md §5); a pod with less CPU
     * and cold caches can take several times that, and a startup probe that gives up restarts the pod in a loop.
     */
    static final Duration MINIMUM_STARTUP_WINDOW = Duration.ofSeconds(60);

    private ProbeChecks() {}

    static List<Violation> check(PodView pod, ServerXml server) {
        List<Violation> violations = new ArrayList<>();
        List<String> paths = server.healthPaths();
        if (paths.isEmpty()) {
            violations.add(new Violation(PROBE_PATHS, pod.source(), "liberty/server.xml enables no mpHealth feature"));
            return violations;
        }
        int port = server.httpPort(pod.environment());
        probe(pod, "startupProbe", pod.startupProbe(), ServerXml.STARTED_PATH, port, violations);
        probe(pod, "readinessProbe", pod.readinessProbe(), ServerXml.READY_PATH, port, violations);
        probe(pod, "livenessProbe", pod.livenessProbe(), ServerXml.LIVE_PATH, port, violations);
        Probe startup = pod.startupProbe();
        if (startup != null) {
            int period = Optional.ofNullable(startup.getPeriodSeconds()).orElse(10);
            int failures = Optional.ofNullable(startup.getFailureThreshold()).orElse(3);
            if (Duration.ofSeconds((long) period * failures).compareTo(MINIMUM_STARTUP_WINDOW) < 0) {
                violations.add(new Violation(
                        STARTUP_WINDOW,
                        pod.source(),
                        "startupProbe periodSeconds " + period
                                + " x failureThreshold " + failures + " = " + period * failures + "s is shorter than "
                                + MINIMUM_STARTUP_WINDOW.toSeconds() + "s"));
            }
        }
        return violations;
    }

    private static void probe(
            PodView pod, String name, Probe probe, String path, int port, List<Violation> violations) {
        HTTPGetAction get = probe == null ? null : probe.getHttpGet();
        if (get == null) {
            violations.add(new Violation(PROBE_PATHS, pod.source(), name + " is missing or not an httpGet on " + path));
            return;
        }
        if (!path.equals(get.getPath())) {
            violations.add(
                    new Violation(PROBE_PATHS, pod.source(), name + " path " + get.getPath() + ", expected " + path));
        }
        if (get.getScheme() != null && !get.getScheme().equals("HTTP")) {
            violations.add(new Violation(
                    PROBE_PORT, pod.source(), name + " scheme " + get.getScheme() + ": Liberty has no HTTPS listener"));
        }
        Optional<Integer> target = resolve(get.getPort(), pod);
        if (target.isEmpty()) {
            violations.add(new Violation(
                    PROBE_PORT, pod.source(), name + " port " + text(get.getPort()) + " names no container port"));
        } else if (target.get() != port) {
            violations.add(new Violation(
                    PROBE_PORT,
                    pod.source(),
                    name + " port " + target.get() + " but Liberty listens on " + port
                            + " (liberty/server.xml http.port and the pod's environment)"));
        }
    }

    static Optional<Integer> resolve(IntOrString port, PodView pod) {
        if (port == null) {
            return Optional.empty();
        }
        return port.getIntVal() != null
                ? Optional.of(port.getIntVal())
                : Optional.ofNullable(pod.namedPorts().get(port.getStrVal()));
    }

    private static String text(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }
}
