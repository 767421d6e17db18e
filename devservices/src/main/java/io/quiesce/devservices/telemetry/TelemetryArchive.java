package io.quiesce.devservices.telemetry;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The receiver's requests on disk, so that the trace printer works after the server and the dev services have stopped:
 * {@code <dir>/<traces|metrics|logs>/<UTC time>-<sequence>.binpb}, each file one uncompressed Export*ServiceRequest.
 * Names sort in arrival order. Only the newest {@link #MAX_FILES_PER_SIGNAL} files of each signal are kept, so that a
 * dev directory used for weeks stays small.
 */
public final class TelemetryArchive {

    public static final int MAX_FILES_PER_SIGNAL = 1000;
    public static final String SUFFIX = ".binpb";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Clock clock;
    private final Map<OtlpSignal, Deque<Path>> files = new EnumMap<>(OtlpSignal.class);
    private long sequence;

    private TelemetryArchive(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public static TelemetryArchive open(Path dir) {
        return open(dir, Clock.systemUTC());
    }

    static TelemetryArchive open(Path dir, Clock clock) {
        TelemetryArchive archive = new TelemetryArchive(dir.toAbsolutePath().normalize(), clock);
        for (OtlpSignal signal : OtlpSignal.values()) {
            Path signalDir = archive.dir.resolve(signal.directory());
            try {
                Files.createDirectories(signalDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + signalDir, e);
            }
            archive.files.put(signal, new ArrayDeque<>(list(signalDir)));
            archive.prune(signal);
        }
        return archive;
    }

    public Path dir() {
        return dir;
    }

    /** Written to a temporary file first: the printer may read the directory while a request arrives. */
    public synchronized Path write(OtlpSignal signal, byte[] request) throws IOException {
        Path signalDir = dir.resolve(signal.directory());
        Path target =
                signalDir.resolve(TIME.format(clock.instant()) + "-" + String.format("%06d", ++sequence) + SUFFIX);
        Path temp = Files.createTempFile(signalDir, ".receiving-", ".tmp");
        try {
            Files.write(temp, request);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        files.get(signal).addLast(target);
        prune(signal);
        return target;
    }

    private void prune(OtlpSignal signal) {
        Deque<Path> kept = files.get(signal);
        while (kept.size() > MAX_FILES_PER_SIGNAL) {
            Path oldest = kept.removeFirst();
            try {
                Files.deleteIfExists(oldest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + oldest, e);
            }
        }
    }

    /** Every span persisted under {@code dir}, oldest request first; none when the directory does not exist. */
    public static List<Span> readSpans(Path dir) {
        List<Span> spans = new ArrayList<>();
        for (Path file : list(dir.resolve(OtlpSignal.TRACES.directory()))) {
            try {
                spans.addAll(OtlpDecoder.spans(ExportTraceServiceRequest.parseFrom(Files.readAllBytes(file))));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(file + " is not an OTLP trace export request: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return spans;
    }

    static List<Path> list(Path signalDir) {
        try (Stream<Path> entries = Files.list(signalDir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + signalDir, e);
        }
    }
}
