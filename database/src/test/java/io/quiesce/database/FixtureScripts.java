package io.quiesce.database;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The database module owns no table: its tests migrate a module's scripts kept under {@code fixture/db/migration}, seen
 * through a class loader of their own, so that they never reach another module's tests through the test jar.
 */
final class FixtureScripts {

    /** The fixture module's scripts, in order. */
    static final String[] NAMES = {"V1__fixture_accounts.sql", "V4__fixture_account_codes.sql"};

    private FixtureScripts() {}

    /** Its {@code db/migration} is the fixture's; classes (Flyway's, the driver) come from the test's own loader. */
    static ClassLoader loader() {
        try {
            URL root = Path.of(FixtureScripts.class
                            .getResource("/fixture/db/migration")
                            .toURI())
                    .getParent()
                    .getParent()
                    .toUri()
                    .toURL();
            return new URLClassLoader(new URL[] {root}, FixtureScripts.class.getClassLoader());
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code start} with the fixture's loader as the context class loader, which a participant's start reads. */
    static void withScripts(Runnable start) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader());
        try {
            start.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
