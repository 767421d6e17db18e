package io.quiesce.lifecycle.http;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Registered first in the chain so that it sees the whole request, including asynchronous completion. */
public final class DrainFilter extends HttpFilter {

    private final InFlightTracker tracker;
    private final ListenerCheck listenerCheck;

    public DrainFilter(InFlightTracker tracker, ListenerCheck listenerCheck) {
        this.tracker = tracker;
        this.listenerCheck = listenerCheck;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (listenerCheck.recognise(request.getHeader(ListenerCheck.HEADER))) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        tracker.arrived(
                request.getRemoteAddr(), request.getRemotePort(), request.getLocalPort(), lastOnConnection(request));
        ConnectionCloseResponse wrapped = new ConnectionCloseResponse(response, tracker::isDraining);
        InFlightRequest ticket = new InFlightRequest(tracker, wrapped);
        request.setAttribute(InFlightRequest.ATTRIBUTE, ticket);
        boolean async = false;
        RequestThreads.enter();
        try {
            chain.doFilter(request, wrapped);
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new Completion(wrapped, ticket));
            }
        } finally {
            RequestThreads.exit();
            if (!async) {
                wrapped.closeConnectionIfDraining();
                ticket.finish();
            }
        }
    }

    private static boolean lastOnConnection(HttpServletRequest request) {
        String connection = request.getHeader("Connection");
        if (connection != null) {
            for (String token : connection.split(",")) {
                String option = token.trim();
                if (option.equalsIgnoreCase("close")) {
                    return true;
                }
                if (option.equalsIgnoreCase("keep-alive")) {
                    return false;
                }
            }
        }
        return "HTTP/1.0".equals(request.getProtocol());
    }

    private static final class Completion implements AsyncListener {
        private final ConnectionCloseResponse response;
        private final InFlightRequest ticket;

        Completion(ConnectionCloseResponse response, InFlightRequest ticket) {
            this.response = response;
            this.ticket = ticket;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ticket.finish();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            response.closeConnectionIfDraining();
        }

        @Override
        public void onError(AsyncEvent event) {
            response.closeConnectionIfDraining();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
