package io.quiesce.database;

/** Whether the schema is current, so that its users start only then. {@link DatabaseMigration} in the application. */
@FunctionalInterface
public interface DatabaseSchema {

    boolean isCurrent();
}
