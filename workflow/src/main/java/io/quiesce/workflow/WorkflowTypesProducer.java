package io.quiesce.workflow;

import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.report.ReportType;
import io.quiesce.workflow.types.WorkflowTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The workflow types this release registers: the one place that names them all, above the types it lists. */
@ApplicationScoped
public class WorkflowTypesProducer {

    /** @Singleton: built once, and a class without a no-argument constructor cannot be proxied. */
    @Produces
    @Singleton
    WorkflowTypes types(InstanceStore store) {
        return all(store);
    }

    public static WorkflowTypes all(InstanceStore store) {
        return new WorkflowTypes(List.of(new ReportType(store)));
    }
}
