package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.spi.ShutdownParticipant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Dependencies start first and stop last; ties go in name order, never in CDI's iteration order. */
public final class ParticipantOrder {

    private ParticipantOrder() {}

    public static List<ShutdownParticipant> forStart(Collection<? extends ShutdownParticipant> participants) {
        Map<String, ShutdownParticipant> byName = byName(participants);
        return sort(byName, ShutdownParticipant::dependsOn);
    }

    public static List<ShutdownParticipant> forStop(Collection<? extends ShutdownParticipant> participants) {
        Map<String, ShutdownParticipant> byName = byName(participants);
        Map<String, Set<String>> dependents = new HashMap<>();
        byName.keySet().forEach(name -> dependents.put(name, new TreeSet<>()));
        byName.values()
                .forEach(p -> p.dependsOn().forEach(d -> dependents.get(d).add(p.name())));
        return sort(byName, p -> dependents.get(p.name()));
    }

    private static List<ShutdownParticipant> sort(
            Map<String, ShutdownParticipant> byName, Function<ShutdownParticipant, Set<String>> predecessors) {
        List<ShutdownParticipant> sorted = new ArrayList<>();
        Map<String, ShutdownParticipant> left = new TreeMap<>(byName);
        while (!left.isEmpty()) {
            ShutdownParticipant next = left.values().stream()
                    .filter(p -> predecessors.apply(p).stream().noneMatch(left::containsKey))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalStateException("shutdown participants depend on each other in a cycle: "
                                    + String.join(
                                            ", ",
                                            left.keySet().stream()
                                                    .map(n -> n + " -> "
                                                            + String.join(
                                                                    "+",
                                                                    byName.get(n)
                                                                            .dependsOn()))
                                                    .toList())));
            sorted.add(next);
            left.remove(next.name());
        }
        return List.copyOf(sorted);
    }

    private static Map<String, ShutdownParticipant> byName(Collection<? extends ShutdownParticipant> participants) {
        Map<String, ShutdownParticipant> byName = new TreeMap<>();
        for (ShutdownParticipant p : participants) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalStateException("two shutdown participants are named '" + p.name() + "'");
            }
        }
        for (ShutdownParticipant p : participants) {
            for (String dependency : p.dependsOn()) {
                if (!byName.containsKey(dependency)) {
                    throw new IllegalStateException("shutdown participant '" + p.name() + "' depends on '" + dependency
                            + "', which is not deployed; deployed: " + String.join(", ", byName.keySet()));
                }
            }
        }
        return byName;
    }
}
