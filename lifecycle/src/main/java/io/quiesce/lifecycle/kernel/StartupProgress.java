package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.shutdown.LifecycleStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which participants have reported that they started. The application becomes READY where the last of them reports
 * (or where the application itself finishes starting, if that is later), so that reading the state never changes it.
 */
final class StartupProgress {

    private final Set<String> pending;
    private final List<String> participants;
    private final LifecycleStatus status;
    private final EventLog log;
    private boolean applicationStarted;

    StartupProgress(List<String> participants, LifecycleStatus status, EventLog log) {
        this.participants = List.copyOf(participants);
        this.pending = new LinkedHashSet<>(participants);
        this.status = status;
        this.log = log;
    }

    /** The participant's {@code started} callback; a repeated call changes nothing. */
    void started(String participant) {
        boolean nowComplete;
        synchronized (this) {
            nowComplete = pending.remove(participant) && complete();
        }
        if (nowComplete) {
            ready("participant " + participant + " started last");
        }
    }

    void applicationStarted() {
        boolean nowComplete;
        synchronized (this) {
            applicationStarted = true;
            nowComplete = complete();
        }
        if (nowComplete) {
            ready("application started last");
        }
    }

    synchronized boolean complete() {
        return applicationStarted && pending.isEmpty();
    }

    synchronized List<String> pending() {
        return new ArrayList<>(pending);
    }

    private void ready(String last) {
        if (status.advance(LifecycleState.READY, "all participants started")) {
            log.info("lifecycle.ready", EventLog.fields("participants", String.join(",", participants), "last", last));
        }
    }
}
