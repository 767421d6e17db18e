package io.quiesce.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All Quiesce resources live under {@code /api}; health endpoints are served by mpHealth under {@code /health}. */
@ApplicationPath("/api")
public class QuiesceApplication extends Application {
}
