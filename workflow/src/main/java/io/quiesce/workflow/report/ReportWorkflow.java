package io.quiesce.workflow.report;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Its Temporal type name is the API's, so that an instance reads the same in the API and in the Temporal UI. */
@WorkflowInterface
public interface ReportWorkflow {

    String TYPE = "report";

    @WorkflowMethod(name = TYPE)
    ReportResult run(ReportInput input);
}
