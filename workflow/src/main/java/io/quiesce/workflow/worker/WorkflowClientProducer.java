package io.quiesce.workflow.worker;

import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The client of the connection {@link WorkflowWorker} owns, for the beans that start and cancel workflows. */
@ApplicationScoped
public class WorkflowClientProducer {

    @Produces
    WorkflowClient client(WorkflowWorker worker) {
        return worker.client();
    }
}
