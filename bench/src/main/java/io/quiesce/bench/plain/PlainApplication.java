package io.quiesce.bench.plain;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The baseline: the same endpoints as Quiesce's demo resource, without the lifecycle kernel, on a server with the same
 * features. Kept separate from {@code api/} on purpose, so that the baseline cannot pick up any of Quiesce's behaviour.
 */
@ApplicationPath("/api")
public class PlainApplication extends Application {
}
