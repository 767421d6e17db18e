package io.quiesce.testkit.sse;

import io.quiesce.testkit.ResponseHead;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * One Server-Sent Events request on a connection of its own, parsed as the HTML standard's EventSource parses a
 * stream (fields, comments, {@code retry}, dispatch on a blank line, the last event id kept across events), without
 * any reconnection: {@link EventSourceClient} adds that. Raw HTTP/1.1 like the testkit's other clients, so that
 * nothing is retried behind the caller's back.
 */
public final class SseConnection implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers;
    private final boolean chunked;
    private final Deque<SseItem> ready = new ArrayDeque<>();
    private final StringBuilder data = new StringBuilder();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String eventName = "";
    private String lastEventId;
    private boolean hasData;
    private long chunkLeft;
    /** What is left of a body with a Content-Length; -1 without one (read until the server closes). */
    private long lengthLeft;

    private boolean ended;

    private SseConnection(Socket socket, InputStream in, int status, Map<String, String> headers, String lastEventId) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.headers = headers;
        this.chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        this.lastEventId = lastEventId == null ? "" : lastEventId;
        String length = headers.get("content-length");
        this.lengthLeft = chunked || length == null ? -1 : Long.parseLong(length.trim());
    }

    /**
     * Sends {@code GET path} with {@code Accept: text/event-stream} and reads the response head.
     *
     * @param lastEventId sent as {@code Last-Event-ID} unless null or empty (an EventSource sends it only then)
     * @param readTimeout how long a read may wait for the next byte (heartbeats arrive well within it)
     */
    public static SseConnection open(
            String host, int port, String path, Map<String, String> headers, String lastEventId, Duration readTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(readTimeout.toMillis(), 10_000));
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            StringBuilder request = new StringBuilder("GET ")
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(host)
                    .append(':')
                    .append(port)
                    .append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            if (lastEventId != null && !lastEventId.isEmpty()) {
                request.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            ResponseHead head = ResponseHead.read(in);
            return new SseConnection(socket, in, head.status(), head.headers(), lastEventId);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** An EventSource opens the stream only on 200 with this media type; anything else fails it for good. */
    public boolean isStream() {
        String type = header("content-type");
        return status == 200 && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    /** The body of a response that is not a stream (a problem), read to its end. */
    public String body() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int b;
        while ((b = readByte()) != -1) {
            body.write(b);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** The id an EventSource would send as {@code Last-Event-ID} when it reconnects now. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * The next item; null when the server ended the response cleanly.
     *
     * @throws IOException the connection broke or no byte came within the read timeout
     */
    public SseItem next() throws IOException {
        while (ready.isEmpty()) {
            int b = readByte();
            if (b == -1) {
                return null;
            }
            if (b == '\n') {
                field(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (b != '\r') {
                line.write(b);
            }
        }
        return ready.poll();
    }

    private void field(String text) {
        if (text.isEmpty()) {
            if (hasData) {
                String value = data.toString();
                ready.add(new SseItem.Event(
                        lastEventId, eventName.isEmpty() ? "message" : eventName, value, System.nanoTime()));
            }
            data.setLength(0);
            hasData = false;
            eventName = "";
            return;
        }
        if (text.startsWith(":")) {
            ready.add(new SseItem.Comment(text.substring(1).trim()));
            return;
        }
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (value.matches("[0-9]+")) {
                    ready.add(new SseItem.Retry(Long.parseLong(value)));
                }
            }
            default -> {
                // ignored, as an EventSource ignores unknown fields
            }
        }
    }

    /** -1 at the clean end of the body: the terminal chunk, or the server closing an unchunked body. */
    private int readByte() throws IOException {
        if (ended) {
            return -1;
        }
        if (!chunked) {
            if (lengthLeft == 0) {
                ended = true;
                return -1;
            }
            int b = in.read();
            ended = b == -1;
            if (lengthLeft > 0 && b != -1) {
                lengthLeft--;
            }
            return b;
        }
        if (chunkLeft == 0) {
            String size = ResponseHead.line(in);
            if (size.isEmpty()) {
                size = ResponseHead.line(in);
            }
            chunkLeft = Long.parseLong(size.split(";", 2)[0].trim(), 16);
            if (chunkLeft == 0) {
                ended = true;
                return -1;
            }
        }
        int b = in.read();
        if (b == -1) {
            throw new EOFException("connection closed inside a chunk");
        }
        chunkLeft--;
        if (chunkLeft == 0) {
            ResponseHead.line(in);
        }
        return b;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
