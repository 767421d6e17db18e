package io.quiesce.lifecycle.http;

/**
 * Whether the current thread is serving an HTTP request that the drain counts (inside {@link DrainFilter}'s chain), so
 * that work a request hands off while it is still being served normally is not refused as new background work.
 */
public final class RequestThreads {

    private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

    private RequestThreads() {}

    public static boolean serving() {
        return SERVING.get() != null;
    }

    static void enter() {
        SERVING.set(Boolean.TRUE);
    }

    static void exit() {
        SERVING.remove();
    }
}
