package io.quiesce.lifecycle.http;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Asynchronous requests through the real {@link DrainFilter}, on mocks of the container's objects. */
public final class FilteredRequests {

    private final DrainFilter filter;

    public FilteredRequests(InFlightTracker tracker) {
        this.filter = new DrainFilter(tracker, new ListenerCheck());
    }

    /** A request that went asynchronous, as a Server-Sent Events response does. */
    public static final class Async {
        private final AsyncContext context = mock(AsyncContext.class);
        private final Map<String, String> headers = new HashMap<>();
        private AsyncListener listener;

        /** The container completes the response (the application closed it, or the client went away). */
        public void complete() {
            try {
                listener.onComplete(new AsyncEvent(context));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Runs {@code handler} inside the filter, on a request that stays open after the handler returns. */
    public Async start(Consumer<HttpServletRequest> handler) {
        Async async = new Async();
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest request = mock(HttpServletRequest.class);
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
                .when(request)
                .setAttribute(anyString(), any());
        when(request.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        when(request.isAsyncStarted()).thenReturn(true);
        when(request.getAsyncContext()).thenReturn(async.context);
        doAnswer(call -> async.listener = call.getArgument(0))
                .when(async.context)
                .addListener(any());
        HttpServletResponse response = mock(HttpServletResponse.class);
        doAnswer(call -> async.headers.put(call.getArgument(0), call.getArgument(1)))
                .when(response)
                .setHeader(anyString(), anyString());
        try {
            filter.doFilter(request, response, (req, res) -> handler.accept((HttpServletRequest) req));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return async;
    }
}
