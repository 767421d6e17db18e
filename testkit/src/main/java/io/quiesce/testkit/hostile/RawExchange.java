package io.quiesce.testkit.hostile;

import io.quiesce.testkit.Hold;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exactly the bytes given, on a new connection, and everything the server sends back until it closes the connection or
 * stays silent for {@code linger}: the statuses of every response in it (more than one means the server read a second
 * request out of what the sender meant as one) and whether the server closed the connection.
 */
public record RawExchange(List<Integer> statuses, boolean closedByServer, String received) {

    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] (\\d{3})");

    public static RawExchange send(int port, byte[] request, Duration linger) throws IOException {
        return send(port, List.of(request), Duration.ZERO, linger);
    }

    /**
     * {@code parts} one after the other with {@code pause} between them, as a client whose body arrives late does (a
     * head and half a body, the rest a moment later).
     */
    public static RawExchange send(int port, List<byte[]> parts, Duration pause, Duration linger) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) linger.toMillis());
            socket.setSoTimeout((int) linger.toMillis());
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    Hold.forDuration(pause);
                }
                socket.getOutputStream().write(parts.get(i));
                socket.getOutputStream().flush();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset
            }
            String text = received.toString(StandardCharsets.ISO_8859_1);
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return new RawExchange(List.copyOf(statuses), closed, text);
        }
    }

    /** The first response's status, -1 without one. */
    public int status() {
        return statuses.isEmpty() ? -1 : statuses.get(0);
    }

    /** Refused as a strict server refuses ambiguous framing: one 400 and the connection closed. */
    public boolean refusedAndClosed() {
        return statuses.size() == 1 && statuses.get(0) == 400 && closedByServer;
    }

    public String describe() {
        return (statuses.isEmpty() ? "no answer" : "statuses " + statuses)
                + (closedByServer ? ", closed" : ", kept open");
    }
}
