package io.quiesce.lifecycle.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DrainFilterTest {

    private final InFlightTracker tracker = new InFlightTracker();
    private final DrainFilter filter = new DrainFilter(tracker, new ListenerCheck());
    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final List<String> events = new ArrayList<>();

    private void recordHeadersAndWrites() throws Exception {
        doAnswer(call -> events.add("header " + call.getArgument(0) + ": " + call.getArgument(1)))
                .when(response)
                .setHeader(any(), any());
        StringWriter body = new StringWriter() {
            @Override
            public void write(String s, int off, int len) {
                events.add("write");
                super.write(s, off, len);
            }
        };
        when(response.getWriter()).thenReturn(new PrintWriter(body));
        ServletOutputStream stream = mock(ServletOutputStream.class);
        doAnswer(call -> events.add("bytes")).when(stream).write(any(byte[].class), anyInt(), anyInt());
        when(response.getOutputStream()).thenReturn(stream);
    }

    @Test
    void aRequestAlreadyInFlightWhenTheDrainBeginsCommitsWithConnectionClose() throws Exception {
        recordHeadersAndWrites();
        FilterChain chain = (req, res) -> {
            assertThat(tracker.inFlight()).isEqualTo(1);
            tracker.beginDraining();
            PrintWriter writer = res.getWriter();
            writer.print("done");
            writer.flush();
        };
        filter.doFilter(request, response, chain);

        assertThat(events).startsWith("header Connection: close", "write");
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.servedWhileDraining()).isEqualTo(1);
    }

    @Test
    void streamedBytesAlsoCarryTheHeader() throws Exception {
        recordHeadersAndWrites();
        filter.doFilter(request, response, (req, res) -> {
            tracker.beginDraining();
            res.getOutputStream().write(new byte[] {1, 2}, 0, 2);
        });
        assertThat(events).startsWith("header Connection: close", "bytes");
    }

    @Test
    void aResponseCommittedByTheContainerAfterTheFilterGetsTheHeaderToo() throws Exception {
        filter.doFilter(request, response, (req, res) -> tracker.beginDraining());
        verify(response).setHeader("Connection", "close");
    }

    @Test
    void beforeTheDrainResponsesKeepTheirConnection() throws Exception {
        recordHeadersAndWrites();
        filter.doFilter(request, response, (req, res) -> res.getWriter().print("ok"));
        verify(response, never()).setHeader(any(), any());
        assertThat(tracker.servedWhileDraining()).isZero();
    }

    @Test
    void anAlreadyCommittedResponseIsLeftAlone() throws Exception {
        when(response.isCommitted()).thenReturn(true);
        filter.doFilter(request, response, (req, res) -> tracker.beginDraining());
        verify(response, never()).setHeader(any(), any());
    }

    @Test
    void anAsynchronousRequestStaysInFlightUntilItCompletes() throws Exception {
        AsyncContext async = mock(AsyncContext.class);
        when(request.isAsyncStarted()).thenReturn(true);
        when(request.getAsyncContext()).thenReturn(async);
        filter.doFilter(request, response, (req, res) -> {});

        assertThat(tracker.inFlight()).isEqualTo(1);
        ArgumentCaptor<AsyncListener> listener = ArgumentCaptor.forClass(AsyncListener.class);
        verify(async).addListener(listener.capture());
        AsyncEvent event = new AsyncEvent(async);
        listener.getValue().onComplete(event);
        listener.getValue().onComplete(event);
        assertThat(tracker.inFlight()).isZero();
    }
}
