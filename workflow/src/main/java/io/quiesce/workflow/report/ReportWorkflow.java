package io.quiesce.workflow.report;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A report: a few sequential steps of configurable duration. Its Temporal type name is the API's type name, so that an
 * instance started through the API and one seen in the Temporal UI read the same.
 */
@WorkflowInterface
public interface ReportWorkflow {

    String TYPE = "report";

    @WorkflowMethod(name = TYPE)
    ReportResult run(ReportInput input);
}
