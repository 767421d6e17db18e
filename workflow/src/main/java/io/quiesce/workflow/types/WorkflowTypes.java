package io.quiesce.workflow.types;

import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API validates and the worker registers the same types, so that the two cannot disagree about what exists. The
 * application's set is {@link io.quiesce.workflow.WorkflowTypesProducer}'s.
 */
public class WorkflowTypes {

    private final Map<String, WorkflowType> types;

    public WorkflowTypes(List<WorkflowType> types) {
        Map<String, WorkflowType> byName = new LinkedHashMap<>();
        for (WorkflowType type : types) {
            if (byName.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("Workflow type registered twice: " + type.name());
            }
        }
        this.types = Collections.unmodifiableMap(byName);
    }

    public void registerAll(Worker worker, String workerIdentity, String codeVersion) {
        types.values().forEach(type -> type.register(worker, workerIdentity, codeVersion));
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(types.keySet());
        Collections.sort(names);
        return names;
    }

    public Optional<WorkflowType> find(String name) {
        return Optional.ofNullable(name == null ? null : types.get(name));
    }

    public ValidatedInput validate(String type, String inputJson) {
        return find(type)
                .orElseThrow(() -> new UnknownWorkflowTypeException(type, names()))
                .validate(inputJson);
    }
}
