package io.quiesce.devservices.telemetry;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A real OTLP/HTTP receiver on loopback ({@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}, protobuf,
 * optionally gzip), so that tests assert on what the server's SDK really exported and the dev run needs no collector.
 * It keeps everything in memory (and optionally on disk, see {@link TelemetryArchive}); the await methods block on a
 * monitor that every accepted request notifies. Requests are handled on the JDK HTTP server's dispatcher thread (no
 * executor), so it adds that thread and the server's daemon idle-connection timer, nothing else.
 */
public final class OtlpReceiver implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String PROTOBUF = "application/x-protobuf";
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(OtlpReceiver.class.getName());
    private static final EventLog EVENTS = new EventLog(LOG, LogFormat.TEXT);

    private final HttpServer server;
    private final int port;
    private final TelemetryArchive archive;
    private final Object lock = new Object();
    private final List<Span> spans = new ArrayList<>();
    private final List<MetricPoint> metricPoints = new ArrayList<>();
    private final List<LogRecord> logRecords = new ArrayList<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private int requests;

    private OtlpReceiver(HttpServer server, TelemetryArchive archive) {
        this.server = server;
        this.port = server.getAddress().getPort();
        this.archive = archive;
    }

    /** In memory only; port 0 picks a free one. */
    public static OtlpReceiver start(int port) {
        return start(port, null);
    }

    /** With {@code persistDir} not null, every accepted request is also written under it. */
    public static OtlpReceiver start(int port, Path persistDir) {
        TelemetryArchive archive = persistDir == null ? null : TelemetryArchive.open(persistDir);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the OTLP receiver cannot listen on " + HOST + ":" + port + ": " + e.getMessage(), e);
        }
        OtlpReceiver receiver = new OtlpReceiver(server, archive);
        server.createContext("/", receiver::handle);
        server.start();
        EVENTS.info(
                "otlp.started",
                EventLog.fields("endpoint", receiver.endpoint(), "dir", persistDir == null ? "none" : archive.dir()));
        return receiver;
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} takes: the SDK appends {@code /v1/traces} and the others. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port());
    }

    public int port() {
        return port;
    }

    public List<Span> spans() {
        synchronized (lock) {
            return List.copyOf(spans);
        }
    }

    /** The spans of one trace, by start time. */
    public List<Span> trace(String traceId) {
        return spans().stream()
                .filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(Span::startEpochNanos))
                .toList();
    }

    public List<MetricPoint> metricPoints() {
        synchronized (lock) {
            return List.copyOf(metricPoints);
        }
    }

    public List<LogRecord> logRecords() {
        synchronized (lock) {
            return List.copyOf(logRecords);
        }
    }

    public List<Arrival> arrivals() {
        synchronized (lock) {
            return List.copyOf(arrivals);
        }
    }

    /** Every HTTP request, accepted or not: zero means nothing tried to export. */
    public int requests() {
        synchronized (lock) {
            return requests;
        }
    }

    /** Forgets everything received so far (not what was persisted), so that one receiver serves several tests. */
    public void clear() {
        synchronized (lock) {
            spans.clear();
            metricPoints.clear();
            logRecords.clear();
            arrivals.clear();
            requests = 0;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            synchronized (lock) {
                requests++;
            }
            String path = exchange.getRequestURI().getPath();
            OtlpSignal signal = OtlpSignal.ofPath(path).orElse(null);
            if (signal == null) {
                reject(exchange, 404, 5, "no OTLP endpoint at " + path + ": use /v1/traces, /v1/metrics or /v1/logs");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reject(exchange, 405, 12, exchange.getRequestMethod() + " " + path + ": only POST");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)) {
                reject(
                        exchange,
                        415,
                        3,
                        "Content-Type " + contentType + ": only " + PROTOBUF
                                + " (set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)");
                return;
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
            if (encoding != null && !gzip && !encoding.equalsIgnoreCase("identity")) {
                reject(exchange, 415, 3, "Content-Encoding " + encoding + ": only gzip or none");
                return;
            }
            byte[] body;
            try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = readBounded(in);
            } catch (ZipException e) {
                reject(exchange, 400, 3, "the body is not gzip: " + e.getMessage());
                return;
            }
            if (body == null) {
                reject(exchange, 413, 8, "the body exceeds " + MAX_BODY_BYTES + " bytes");
                return;
            }
            MessageLite response;
            try {
                response = accept(signal, body);
            } catch (InvalidProtocolBufferException e) {
                reject(
                        exchange,
                        400,
                        3,
                        "the body is not an OTLP " + signal.directory() + " request: " + e.getMessage());
                return;
            }
            persist(signal, body);
            respond(exchange, 200, response.toByteArray());
        }
    }

    private MessageLite accept(OtlpSignal signal, byte[] body) throws InvalidProtocolBufferException {
        switch (signal) {
            case TRACES -> {
                List<Span> decoded = OtlpDecoder.spans(ExportTraceServiceRequest.parseFrom(body));
                add(signal, spans, decoded);
                return ExportTraceServiceResponse.getDefaultInstance();
            }
            case METRICS -> {
                List<MetricPoint> decoded = OtlpDecoder.metricPoints(ExportMetricsServiceRequest.parseFrom(body));
                add(signal, metricPoints, decoded);
                return ExportMetricsServiceResponse.getDefaultInstance();
            }
            default -> {
                List<LogRecord> decoded = OtlpDecoder.logRecords(ExportLogsServiceRequest.parseFrom(body));
                add(signal, logRecords, decoded);
                return ExportLogsServiceResponse.getDefaultInstance();
            }
        }
    }

    private <T> void add(OtlpSignal signal, List<T> target, List<T> decoded) {
        synchronized (lock) {
            target.addAll(decoded);
            arrivals.add(new Arrival(signal, Instant.now(), decoded.size()));
        }
    }

    /** A failed write costs the dev run's printer one request, not the exporter a retry: hence still 200. */
    private void persist(OtlpSignal signal, byte[] body) {
        if (archive == null) {
            return;
        }
        try {
            archive.write(signal, body);
        } catch (IOException | UncheckedIOException e) {
            EVENTS.warn(
                    "otlp.not_persisted",
                    EventLog.fields("signal", signal.directory(), "dir", archive.dir(), "reason", e.getMessage()));
        }
    }

    /** Null when longer than the bound. */
    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            if (out.size() + n > MAX_BODY_BYTES) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** OTLP/HTTP wants a protobuf google.rpc.Status for errors: code (field 1) and message (field 2), encoded here. */
    private static void reject(HttpExchange exchange, int status, int grpcCode, String message) throws IOException {
        EVENTS.warn(
                "otlp.rejected",
                EventLog.fields(
                        "status",
                        status,
                        "method",
                        exchange.getRequestMethod(),
                        "path",
                        exchange.getRequestURI().getPath(),
                        "reason",
                        message));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt32(1, grpcCode);
        out.writeString(2, message);
        out.flush();
        respond(exchange, status, bytes.toByteArray());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
        // -1: no body at all (0 would mean chunked).
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Cuts an export in flight: the launcher closes it last, after the server that exports to it has stopped. */
    @Override
    public void close() {
        server.stop(0);
        EVENTS.info("otlp.stopped", EventLog.fields("endpoint", endpoint()));
    }
}
