package io.quiesce.testkit.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Many connections held open by one thread: each sends {@code prefix} at once, then one byte of {@code trickle} per
 * {@code interval} (a slow client), or nothing more (an idle one). Every connection's fate is recorded: still open,
 * answered (status, and whether the server closed it), closed or reset without an answer, refused.
 */
public final class HeldConnections implements AutoCloseable {

    /** What happened to one connection by the time it was looked at last. */
    public enum Fate {
        OPEN,
        ANSWERED,
        CLOSED,
        RESET,
        REFUSED
    }

    /** One connection; {@code status} -1 without an answer; {@code endedMillis} from its open to its fate (-1: open). */
    public record Connection(Fate fate, int status, boolean closedByServer, long endedMillis) {}

    private final class Held {
        final SocketChannel channel;
        final long openedNanos = System.nanoTime();
        final StringBuilder received = new StringBuilder();
        int sent;
        Fate fate = Fate.OPEN;
        int status = -1;
        boolean closed;
        long endedNanos = -1;

        Held(SocketChannel channel) {
            this.channel = channel;
        }

        void end(Fate f) {
            if (fate == Fate.OPEN || (fate == Fate.ANSWERED && !closed)) {
                if (fate == Fate.OPEN) {
                    fate = f;
                }
                closed = f != Fate.OPEN;
                endedNanos = System.nanoTime();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    private final List<Held> held = new ArrayList<>();
    private final byte[] trickle;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;
    private int refused;

    private HeldConnections(byte[] trickle, Duration interval) {
        this.trickle = trickle;
        this.interval = interval;
        this.thread = new Thread(this::tick, "held-connections");
        this.thread.setDaemon(true);
    }

    /** Opens {@code count} connections to {@code port} on loopback, sends each {@code prefix}, then trickles. */
    public static HeldConnections open(int port, int count, String prefix, String trickle, Duration interval) {
        HeldConnections c = new HeldConnections(trickle.getBytes(StandardCharsets.ISO_8859_1), interval);
        byte[] head = prefix.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                Held h = c.new Held(channel);
                if (head.length > 0) {
                    channel.write(ByteBuffer.wrap(head));
                }
                c.held.add(h);
            } catch (IOException e) {
                c.refused++;
            }
        }
        c.thread.start();
        return c;
    }

    /** Idle connections: nothing is ever sent. */
    public static HeldConnections idle(int port, int count) {
        return open(port, count, "", "", Duration.ofSeconds(1));
    }

    private void tick() {
        long next = System.nanoTime();
        while (running) {
            synchronized (held) {
                for (Held h : held) {
                    step(h);
                }
            }
            next += interval.toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private void step(Held h) {
        if (h.closed) {
            return;
        }
        read(h);
        if (h.fate != Fate.OPEN || h.sent >= trickle.length) {
            return;
        }
        try {
            h.channel.write(ByteBuffer.wrap(trickle, h.sent, 1));
            h.sent++;
        } catch (IOException e) {
            h.end(Fate.RESET);
        }
    }

    private static void read(Held h) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            int n;
            while ((n = h.channel.read(buffer)) > 0) {
                buffer.flip();
                h.received.append(StandardCharsets.ISO_8859_1.decode(buffer));
                buffer.clear();
            }
            if (h.status < 0 && h.received.indexOf("\r\n") > 0) {
                String[] statusLine =
                        h.received.substring(0, h.received.indexOf("\r\n")).split(" ");
                h.status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
                h.fate = Fate.ANSWERED;
                h.endedNanos = System.nanoTime();
            }
            if (n < 0) {
                h.end(Fate.CLOSED);
            }
        } catch (SocketException e) {
            h.end(Fate.RESET);
        } catch (IOException | RuntimeException e) {
            h.end(Fate.RESET);
        }
    }

    /** Connections that got neither an answer nor a close so far. */
    public int stillOpen() {
        synchronized (held) {
            held.forEach(HeldConnections::read);
            return (int) held.stream().filter(h -> h.fate == Fate.OPEN).count();
        }
    }

    /** Stops trickling, reads what arrived, closes every connection and says what happened to each. */
    public List<Connection> stop() throws InterruptedException {
        running = false;
        thread.join(interval.toMillis() + 5000);
        List<Connection> out = new ArrayList<>();
        synchronized (held) {
            for (Held h : held) {
                if (!h.closed) {
                    read(h);
                }
                out.add(new Connection(
                        h.fate,
                        h.status,
                        h.closed,
                        h.endedNanos < 0 ? -1 : (h.endedNanos - h.openedNanos) / 1_000_000));
                try {
                    h.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        for (int i = 0; i < refused; i++) {
            out.add(new Connection(Fate.REFUSED, -1, true, 0));
        }
        return out;
    }

    /** Counts by outcome, e.g. {@code {408 closed=300}} or {@code {open=3000}}. */
    public static Map<String, Long> summary(List<Connection> connections) {
        return connections.stream()
                .collect(Collectors.groupingBy(HeldConnections::label, TreeMap::new, Collectors.counting()));
    }

    static String label(Connection c) {
        return switch (c.fate()) {
            case ANSWERED -> c.status() + (c.closedByServer() ? " closed" : " kept open");
            case OPEN -> "open";
            case CLOSED -> "closed unanswered";
            case RESET -> "reset";
            case REFUSED -> "refused";
        };
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
