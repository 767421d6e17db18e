package io.quiesce.workflow.types;

import io.temporal.worker.Worker;

/** {@link #name()} is the API's type and the Temporal workflow type; input is validated before anything is written. */
public interface WorkflowType {

    String name();

    /** @param inputJson null or blank means {@code {}} */
    ValidatedInput validate(String inputJson);

    /** @param codeVersion kept with every step the type's activities record */
    void register(Worker worker, String workerIdentity, String codeVersion);
}
