package io.quiesce.lifecycle.http.auth;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.log.EventLog;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The verification keys, loaded when first needed (a local file at startup, so that a wrong path stops the start) and
 * cached. They are read again when older than {@link #MAX_AGE} (a key the identity provider withdrew stops verifying)
 * and when a token names a key id they do not hold (the provider rotated its keys), but at most once per
 * {@link #COOLDOWN}: a client sending made-up key ids cannot make the server fetch the JWKS for each request. One
 * request thread loads at a time; the others keep using the keys they have. While no keys could be loaded at all,
 * tokens cannot be verified and the filter answers 503, not 401 (the token may be fine).
 */
final class KeySource {

    interface Loader {
        String load() throws IOException;
    }

    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final Duration COOLDOWN = Duration.ofSeconds(30);

    private record Snapshot(VerificationKeys keys, long loadedAt) {}

    private final String description;
    private final Loader loader;
    private final boolean refreshable;
    private final LongSupplier nanoTime;
    private final EventLog log;
    private final Object firstLoad = new Object();
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile Snapshot snapshot;
    private volatile long lastAttempt;
    private volatile boolean attempted;

    private KeySource(String description, Loader loader, boolean refreshable, LongSupplier nanoTime, EventLog log) {
        this.description = description;
        this.loader = loader;
        this.refreshable = refreshable;
        this.nanoTime = nanoTime;
        this.log = log;
    }

    /** Keys given in the configuration itself: parsed once, now. */
    static KeySource inline(String material, LongSupplier nanoTime, EventLog log) {
        KeySource source = new KeySource(BearerConfig.PUBLIC_KEY, () -> material, false, nanoTime, log);
        try {
            source.snapshot = new Snapshot(VerificationKeys.parse(material), nanoTime.getAsLong());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid configuration " + BearerConfig.PUBLIC_KEY + ": " + e.getMessage());
        }
        return source;
    }

    /** Keys read from a location; a local one is read now and must be valid. */
    static KeySource at(KeyLocation location, LongSupplier nanoTime, EventLog log) {
        KeySource source = new KeySource(location.toString(), location::read, true, nanoTime, log);
        if (!location.remote()) {
            try {
                source.snapshot = new Snapshot(VerificationKeys.parse(location.read()), nanoTime.getAsLong());
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("Invalid configuration " + BearerConfig.PUBLIC_KEY_LOCATION + "='" + location
                        + "': " + e.getMessage());
            }
            source.logLoaded(source.snapshot.keys());
        }
        return source;
    }

    /** For tests: a loader that is called whenever the keys are (re)loaded. */
    static KeySource loading(String description, Loader loader, LongSupplier nanoTime, EventLog log) {
        return new KeySource(description, loader, true, nanoTime, log);
    }

    VerificationKeys keys() throws TokenRejected {
        Snapshot s = snapshot;
        if (s != null) {
            if (refreshable && nanoTime.getAsLong() - s.loadedAt() > MAX_AGE.toNanos()) {
                tryReload();
            }
            return snapshot.keys();
        }
        synchronized (firstLoad) {
            if (snapshot == null && coolingDown()) {
                throw new TokenRejected(TokenRejected.Reason.KEYS_UNAVAILABLE);
            }
            if (snapshot == null) {
                reload();
            }
            if (snapshot == null) {
                throw new TokenRejected(TokenRejected.Reason.KEYS_UNAVAILABLE);
            }
            return snapshot.keys();
        }
    }

    /** After a token named a key id the keys do not hold: read them again unless that was done just now. */
    VerificationKeys afterUnknownKey() throws TokenRejected {
        if (refreshable) {
            tryReload();
        }
        return keys();
    }

    private void tryReload() {
        if (!coolingDown() && loading.compareAndSet(false, true)) {
            try {
                reload();
            } finally {
                loading.set(false);
            }
        }
    }

    private boolean coolingDown() {
        return attempted && nanoTime.getAsLong() - lastAttempt < COOLDOWN.toNanos();
    }

    private void reload() {
        long now = nanoTime.getAsLong();
        lastAttempt = now;
        attempted = true;
        try {
            VerificationKeys keys = VerificationKeys.parse(loader.load());
            Snapshot before = snapshot;
            snapshot = new Snapshot(keys, now);
            if (before == null || !before.keys().equals(keys)) {
                logLoaded(keys);
            }
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "http.auth_keys_failed",
                    EventLog.fields(
                            "source",
                            description,
                            "error",
                            EventLog.describe(e),
                            "keeping",
                            snapshot == null ? "no keys: tokens get 503" : "the keys loaded before",
                            "retry_after_s",
                            COOLDOWN.toSeconds()));
        }
    }

    private void logLoaded(VerificationKeys keys) {
        log.info(
                "http.auth_keys",
                EventLog.fields("source", description, "keys", keys.keys().size(), "kids", keys.kids()));
    }
}
