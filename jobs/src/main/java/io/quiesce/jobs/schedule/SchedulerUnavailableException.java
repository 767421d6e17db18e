package io.quiesce.jobs.schedule;

/** This server's scheduler is not running (starting, or stopping) or its job store failed; the API answers 503. */
public class SchedulerUnavailableException extends RuntimeException {

    public SchedulerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
