package io.quiesce.kubernetes.pod;

import java.util.List;
import java.util.Map;

/**
 * A Service in front of the application pods: a rendered Service, or the one the Open Liberty Operator will create from
 * {@code .spec.service}.
 *
 * @param targetPorts each exposed port's target, resolved to a number where possible (a port name stays as text)
 */
public record ExposedService(
        String source, String type, List<String> targetPorts, List<Integer> nodePorts, Map<String, String> selector) {}
