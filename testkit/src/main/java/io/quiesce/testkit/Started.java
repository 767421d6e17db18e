package io.quiesce.testkit;

import java.util.concurrent.atomic.AtomicBoolean;

/** A participant's {@code started} callback that a test can read and poll. */
public final class Started implements Runnable {

    private final AtomicBoolean started = new AtomicBoolean();

    @Override
    public void run() {
        started.set(true);
    }

    public boolean get() {
        return started.get();
    }
}
