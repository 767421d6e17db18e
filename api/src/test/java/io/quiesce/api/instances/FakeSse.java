package io.quiesce.api.instances;

import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Server-Sent Events as the wire would show them, without a server: a sink that records and an event builder. */
final class FakeSse implements Sse {

    /** One event on the wire, as text: {@code id=3 event=step-started data=...}, {@code retry=1000 : comment}. */
    static final class Sink implements SseEventSink {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        volatile boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            StringBuilder line = new StringBuilder();
            if (event.isReconnectDelaySet()) {
                line.append("retry=").append(event.getReconnectDelay()).append(' ');
            }
            if (event.getComment() != null) {
                line.append(": ").append(event.getComment());
            }
            if (event.getId() != null) {
                line.append("id=").append(event.getId()).append(' ');
            }
            if (event.getData() != null) {
                line.append("event=").append(event.getName()).append(" data=").append(event.getData());
            }
            sent.add(line.toString().trim());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private record Event(
            String getId,
            String getName,
            String getComment,
            long getReconnectDelay,
            boolean isReconnectDelaySet,
            Class<?> getType,
            Type getGenericType,
            MediaType getMediaType,
            Object getData)
            implements OutboundSseEvent {}

    private static final class Builder implements OutboundSseEvent.Builder {
        private String id;
        private String name;
        private String comment;
        private long retry = -1;
        private MediaType mediaType;
        private Object data;

        @Override
        public OutboundSseEvent.Builder id(String id) {
            this.id = id;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder name(String name) {
            this.name = name;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder reconnectDelay(long milliseconds) {
            this.retry = milliseconds;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder mediaType(MediaType mediaType) {
            this.mediaType = mediaType;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder data(Class type, Object data) {
            this.data = data;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder data(GenericType type, Object data) {
            this.data = data;
            return this;
        }

        @Override
        public OutboundSseEvent.Builder data(Object data) {
            this.data = data;
            return this;
        }

        @Override
        public OutboundSseEvent build() {
            return new Event(
                    id,
                    name,
                    comment,
                    retry,
                    retry >= 0,
                    data == null ? null : data.getClass(),
                    data == null ? null : data.getClass(),
                    mediaType,
                    data);
        }
    }

    @Override
    public OutboundSseEvent.Builder newEventBuilder() {
        return new Builder();
    }

    @Override
    public SseBroadcaster newBroadcaster() {
        throw new UnsupportedOperationException();
    }
}
