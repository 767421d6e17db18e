package io.quiesce.workflow.worker;

import io.quiesce.workflow.report.ActivityHook;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds chosen activities in flight until released, so that a test decides which worker holds an instance when. */
final class ActivityGate implements ActivityHook {

    private record Held(CountDownLatch entered, CountDownLatch released) {}

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** Set before the activity can run. */
    void holdAt(String instanceId, String activity) {
        held.put(key(instanceId, activity), new Held(new CountDownLatch(1), new CountDownLatch(1)));
    }

    void awaitEntered(String instanceId, String activity) throws InterruptedException {
        if (!gate(instanceId, activity).entered().await(60, TimeUnit.SECONDS)) {
            throw new AssertionError(activity + " of " + instanceId + " never started");
        }
    }

    void release(String instanceId, String activity) {
        gate(instanceId, activity).released().countDown();
    }

    void releaseAll() {
        held.values().forEach(h -> h.released().countDown());
    }

    @Override
    public void before(String instanceId, String activity) {
        Held h = held.get(key(instanceId, activity));
        if (h == null) {
            return;
        }
        h.entered().countDown();
        try {
            h.released().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Held gate(String instanceId, String activity) {
        Held h = held.get(key(instanceId, activity));
        if (h == null) {
            throw new IllegalStateException("no hold at " + activity + " of " + instanceId);
        }
        return h;
    }

    private static String key(String instanceId, String activity) {
        return instanceId + " " + activity;
    }
}
