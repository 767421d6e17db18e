package io.quiesce.devservices.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * System properties {@code quiesce.devservices.*}, each overridden by an argument {@code --dir=...}, {@code --run-id=...}.
 * An OTLP port of 0 picks a free one (written to {@code devservices.properties}).
 */
public record DevServicesConfig(Path dir, int postgresPort, int temporalPort, int otlpPort, String runId) {

    public static final String DIR = "quiesce.devservices.dir";
    public static final String POSTGRES_PORT = "quiesce.devservices.postgres-port";
    public static final String TEMPORAL_PORT = "quiesce.devservices.temporal-port";
    public static final String OTLP_PORT = "quiesce.devservices.otlp-port";
    public static final String RUN_ID = "quiesce.devservices.run-id";
    public static final String TELEMETRY_DIR = "telemetry";

    public static final String DEFAULT_DIR = "target/devservices";
    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_TEMPORAL_PORT = 17233;
    public static final int DEFAULT_OTLP_PORT = 14318;

    private static final String PREFIX = "quiesce.devservices.";

    public DevServicesConfig {
        dir = dir.toAbsolutePath().normalize();
        runId = runId == null ? "" : runId.trim();
        if (postgresPort == temporalPort) {
            throw new DevServicesException("PostgreSQL and Temporal cannot share port " + postgresPort);
        }
        if (otlpPort == postgresPort || otlpPort == temporalPort) {
            throw new DevServicesException("the OTLP receiver cannot share port " + otlpPort + " with "
                    + (otlpPort == postgresPort ? "PostgreSQL" : "Temporal"));
        }
    }

    /** For programmatic starts (tests, the rehearsal) that choose their own ports: the OTLP receiver on a free one. */
    public DevServicesConfig(Path dir, int postgresPort, int temporalPort, String runId) {
        this(dir, postgresPort, temporalPort, 0, runId);
    }

    public static DevServicesConfig from(String[] args, UnaryOperator<String> systemProperties) {
        Map<String, String> overrides = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq > 2 && arg.startsWith("--") ? PREFIX + arg.substring(2, eq) : null;
            if (key == null
                    || !(key.equals(DIR)
                            || key.equals(POSTGRES_PORT)
                            || key.equals(TEMPORAL_PORT)
                            || key.equals(OTLP_PORT)
                            || key.equals(RUN_ID))) {
                throw new DevServicesException("unknown argument '" + arg
                        + "': use --dir=PATH, --postgres-port=N, --temporal-port=N, --otlp-port=N, --run-id=ID");
            }
            overrides.put(key, arg.substring(eq + 1));
        }
        UnaryOperator<String> lookup =
                key -> overrides.containsKey(key) ? overrides.get(key) : systemProperties.apply(key);
        String dir = lookup.apply(DIR);
        return new DevServicesConfig(
                Path.of(dir == null || dir.isBlank() ? DEFAULT_DIR : dir.trim()),
                port(lookup, POSTGRES_PORT, DEFAULT_POSTGRES_PORT, 1),
                port(lookup, TEMPORAL_PORT, DEFAULT_TEMPORAL_PORT, 1),
                port(lookup, OTLP_PORT, DEFAULT_OTLP_PORT, 0),
                lookup.apply(RUN_ID));
    }

    public static DevServicesConfig fromSystemProperties(String[] args) {
        return from(args, System::getProperty);
    }

    private static int port(UnaryOperator<String> lookup, String key, int defaultPort, int lowest) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= lowest && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new DevServicesException(key + "=" + value + " is not a port: use " + lowest + " to 65535"
                + (lowest == 0 ? " (0: a free port)" : ""));
    }

    public Path postgresDataDir() {
        return dir.resolve("postgres");
    }

    public Path jwtDir() {
        return dir.resolve("jwt");
    }

    /** Where the OTLP receiver persists what it receives, for the trace printer. */
    public Path telemetryDir() {
        return dir.resolve(TELEMETRY_DIR);
    }

    public Path propertiesFile() {
        return dir.resolve("devservices.properties");
    }

    public Path logFile() {
        return dir.resolve("devservices.log");
    }

    public Path failureFile() {
        return dir.resolve("devservices.failed");
    }
}
