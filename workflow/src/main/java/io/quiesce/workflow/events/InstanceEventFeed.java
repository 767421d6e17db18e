package io.quiesce.workflow.events;

import io.quiesce.lifecycle.log.EventLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * Who watches which instance on this server, and the one thread that reads their new events and hands them over. Every
 * read of an instance starts after the lowest position among its subscribers and runs on that thread, so each
 * subscriber receives its events once, in order, without gaps, whichever of subscribing, a notification or a catch-up
 * triggered the read. Subscribing, not the request, reads the history, so a stream opened just before an event
 * committed cannot miss it.
 */
public final class InstanceEventFeed {

    /** Called on the feed's thread; must not block (write asynchronously). */
    public interface Subscriber {
        /** Events after the last one delivered (or after the position subscribed from), in order. */
        void events(List<InstanceEvent> events);

        /** The instance no longer exists (its start failed and the row was removed): no event will follow. */
        void removed();
    }

    /** Reads events with a connection outside the request pool; the feed closes it after each round. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    public final class Subscription {
        private final String instanceId;
        private final Subscriber subscriber;
        private volatile int position;

        private Subscription(String instanceId, int position, Subscriber subscriber) {
            this.instanceId = instanceId;
            this.position = position;
            this.subscriber = subscriber;
        }

        public void cancel() {
            watched.computeIfPresent(instanceId, (id, subscriptions) -> {
                subscriptions.remove(this);
                return subscriptions.isEmpty() ? null : subscriptions;
            });
        }
    }

    static final int BATCH = 500;
    static final Duration RETRY_MIN = Duration.ofMillis(200);
    static final Duration RETRY_MAX = Duration.ofSeconds(5);

    private final Connections connections;
    private final EventLog log;
    private final Map<String, Set<Subscription>> watched = new ConcurrentHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private Thread pump;
    private boolean stopped;

    public InstanceEventFeed(Connections connections, EventLog log) {
        this.connections = connections;
        this.log = log;
    }

    /**
     * Delivers the instance's events after {@code afterSeq} (its history), then every later one as it is recorded on
     * any server, until cancelled.
     */
    public Subscription subscribe(String instanceId, int afterSeq, Subscriber subscriber) {
        Subscription subscription = new Subscription(instanceId, afterSeq, subscriber);
        watched.computeIfAbsent(instanceId, id -> new CopyOnWriteArraySet<>()).add(subscription);
        changed(instanceId);
        return subscription;
    }

    /** An event of {@code instanceId} was committed (a notification): read it if anyone here watches the instance. */
    public void changed(String instanceId) {
        if (watched.containsKey(instanceId)) {
            schedule(dirty, instanceId);
        }
    }

    public void removed(String instanceId) {
        if (watched.containsKey(instanceId)) {
            schedule(removed, instanceId);
        }
    }

    /** Notifications may have been missed (the listener was not connected): read every watched instance again. */
    public void changedAll() {
        watched.keySet().forEach(this::changed);
    }

    public int watchedInstances() {
        return watched.size();
    }

    private synchronized void schedule(Set<String> work, String instanceId) {
        if (stopped) {
            return;
        }
        work.add(instanceId);
        if (pump == null) {
            pump = new Thread(this::pump, "quiesce-events-feed");
            pump.setDaemon(true);
            pump.start();
        }
        notifyAll();
    }

    /** Stops the feed's thread within {@code wait}; subscriptions get nothing more. */
    public boolean stop(Duration wait) throws InterruptedException {
        Thread thread;
        synchronized (this) {
            stopped = true;
            thread = pump;
            notifyAll();
        }
        if (thread == null) {
            return true;
        }
        thread.join(Math.max(1, wait.toMillis()));
        return !thread.isAlive();
    }

    private void pump() {
        long retry = RETRY_MIN.toMillis();
        while (true) {
            List<String> gone;
            List<String> toRead;
            synchronized (this) {
                while (!stopped && dirty.isEmpty() && removed.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                gone = new ArrayList<>(removed);
                toRead = new ArrayList<>(dirty);
                removed.clear();
                dirty.clear();
            }
            gone.forEach(this::deliverRemoved);
            List<String> unread = read(toRead);
            if (unread.isEmpty()) {
                retry = RETRY_MIN.toMillis();
                continue;
            }
            synchronized (this) {
                dirty.addAll(unread);
                try {
                    TimeUnit.MILLISECONDS.timedWait(this, retry);
                } catch (InterruptedException e) {
                    return;
                }
            }
            retry = Math.min(retry * 2, RETRY_MAX.toMillis());
        }
    }

    /** @return the instances that could not be read (the database is away) */
    private List<String> read(List<String> instances) {
        if (instances.isEmpty()) {
            return List.of();
        }
        List<String> left = new ArrayList<>(instances);
        try (Connection c = connections.open()) {
            while (!left.isEmpty()) {
                String instanceId = left.get(0);
                if (readOne(c, instanceId)) {
                    left.remove(0);
                } else {
                    left.add(left.remove(0));
                }
            }
            return List.of();
        } catch (SQLException | RuntimeException e) {
            log.warn(
                    "events.read_failed",
                    EventLog.fields("instances", left.size(), "error", EventLog.describe(e), "action", "retried"));
            return left;
        }
    }

    /** @return false when a full batch was read and more may follow */
    private boolean readOne(Connection c, String instanceId) throws SQLException {
        Set<Subscription> current = watched.get(instanceId);
        if (current == null) {
            return true;
        }
        // One that subscribes meanwhile may start below this read: it marked the instance for the next round.
        List<Subscription> subscriptions = List.copyOf(current);
        int from = subscriptions.stream().mapToInt(s -> s.position).min().orElse(0);
        List<InstanceEvent> events = InstanceEventStore.after(c, instanceId, from, BATCH);
        for (Subscription subscription : subscriptions) {
            List<InstanceEvent> mine =
                    events.stream().filter(e -> e.seq() > subscription.position).toList();
            if (!mine.isEmpty()) {
                subscription.position = mine.get(mine.size() - 1).seq();
                deliver(subscription, mine);
            }
        }
        return events.size() < BATCH;
    }

    private void deliver(Subscription subscription, List<InstanceEvent> events) {
        try {
            subscription.subscriber.events(events);
        } catch (RuntimeException e) {
            subscription.cancel();
            log.warn(
                    "events.subscriber_failed",
                    EventLog.fields("instance", subscription.instanceId, "error", EventLog.describe(e)));
        }
    }

    private void deliverRemoved(String instanceId) {
        Set<Subscription> subscriptions = watched.remove(instanceId);
        if (subscriptions == null) {
            return;
        }
        for (Subscription subscription : subscriptions) {
            try {
                subscription.subscriber.removed();
            } catch (RuntimeException e) {
                log.warn("events.subscriber_failed", EventLog.fields("instance", instanceId, "error", e));
            }
        }
    }
}
