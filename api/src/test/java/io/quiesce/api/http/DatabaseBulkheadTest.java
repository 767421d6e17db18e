package io.quiesce.api.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseBulkheadTest {

    @Test
    void countsTheResourcesThatReadOrWriteTheDatabase() {
        assertThat(DatabaseBulkhead.usesDatabase("/instances")).isTrue();
        assertThat(DatabaseBulkhead.usesDatabase("instances/abc/cancel")).isTrue();
        assertThat(DatabaseBulkhead.usesDatabase("/schedules/x")).isTrue();
        assertThat(DatabaseBulkhead.usesDatabase("/demo/sleep")).isFalse();
        assertThat(DatabaseBulkhead.usesDatabase("/demo/echo")).isFalse();
    }
}
