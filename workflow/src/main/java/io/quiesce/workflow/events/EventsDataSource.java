package io.quiesce.workflow.events;

import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The event fan-out's own data source ({@code jdbc/quiesce-events}, two connections): one holds {@code LISTEN}, the
 * other reads new events, so that neither takes a connection from the request pool, the database's bulkhead.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface EventsDataSource {}
