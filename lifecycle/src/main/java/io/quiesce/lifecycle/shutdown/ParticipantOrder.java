package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.spi.LifecycleParticipant;
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

    public static List<LifecycleParticipant> forStart(Collection<? extends LifecycleParticipant> participants) {
        Map<String, LifecycleParticipant> byName = byName(participants);
        return sort(byName, LifecycleParticipant::dependsOn);
    }

    public static List<LifecycleParticipant> forStop(Collection<? extends LifecycleParticipant> participants) {
        Map<String, LifecycleParticipant> byName = byName(participants);
        Map<String, Set<String>> dependents = new HashMap<>();
        byName.keySet().forEach(name -> dependents.put(name, new TreeSet<>()));
        byName.values()
                .forEach(p -> p.dependsOn().forEach(d -> dependents.get(d).add(p.name())));
        return sort(byName, p -> dependents.get(p.name()));
    }

    private static List<LifecycleParticipant> sort(
            Map<String, LifecycleParticipant> byName, Function<LifecycleParticipant, Set<String>> predecessors) {
        List<LifecycleParticipant> sorted = new ArrayList<>();
        Map<String, LifecycleParticipant> left = new TreeMap<>(byName);
        while (!left.isEmpty()) {
            LifecycleParticipant next = left.values().stream()
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

    private static Map<String, LifecycleParticipant> byName(Collection<? extends LifecycleParticipant> participants) {
        Map<String, LifecycleParticipant> byName = new TreeMap<>();
        for (LifecycleParticipant p : participants) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalStateException("two shutdown participants are named '" + p.name() + "'");
            }
        }
        for (LifecycleParticipant p : participants) {
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
