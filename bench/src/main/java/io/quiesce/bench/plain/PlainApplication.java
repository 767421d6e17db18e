package io.quiesce.bench.plain;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Kept apart from {@code api/} on purpose, so that the baseline cannot pick up any of Quiesce's behaviour. */
@ApplicationPath("/api")
public class PlainApplication extends Application {}
