package io.quiesce.workflow.types;

import io.quiesce.workflow.instance.InstanceStore;
import io.temporal.worker.Worker;

/**
 * One kind of workflow the API can start: its name (the API's {@code type} and the Temporal workflow type) and the
 * validation of its input, so that a bad request is rejected before anything is written or started.
 */
public interface WorkflowType {

    /** The API name and the Temporal workflow type name, e.g. {@code report}. */
    String name();

    /**
     * Validates the input JSON and applies defaults.
     *
     * @param inputJson the request's input object; null or blank means {@code {}}
     * @throws InvalidInputException listing every invalid field
     */
    ValidatedInput validate(String inputJson);

    /** Registers the workflow implementation and the activities of this type on the worker that polls for it. */
    void register(Worker worker, InstanceStore store, String workerIdentity);
}
