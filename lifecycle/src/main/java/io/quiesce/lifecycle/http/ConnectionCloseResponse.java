package io.quiesce.lifecycle.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/**
 * Adds {@code Connection: close} when the response commits, not when the request starts: a request in flight when the
 * drain begins would otherwise answer without it, and its client would reuse the connection until SIGKILL.
 */
final class ConnectionCloseResponse extends HttpServletResponseWrapper {

    private final BooleanSupplier draining;
    private ServletOutputStream stream;
    private PrintWriter writer;

    ConnectionCloseResponse(HttpServletResponse response, BooleanSupplier draining) {
        super(response);
        this.draining = draining;
    }

    /** For a long-lived response: its end must not leave a kept-alive connection to this server behind. */
    void closeConnection() {
        if (!isCommitted()) {
            setHeader("Connection", "close");
        }
    }

    void closeConnectionIfDraining() {
        if (draining.getAsBoolean() && !isCommitted()) {
            setHeader("Connection", "close");
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new CommitAwareStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new CommitAwareWriter(super.getWriter());
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        closeConnectionIfDraining();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        closeConnectionIfDraining();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        closeConnectionIfDraining();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        closeConnectionIfDraining();
        super.sendRedirect(location);
    }

    private final class CommitAwareStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        CommitAwareStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            closeConnectionIfDraining();
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            closeConnectionIfDraining();
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            closeConnectionIfDraining();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            closeConnectionIfDraining();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    /** Every print/println/format of PrintWriter funnels into these write methods. */
    private final class CommitAwareWriter extends PrintWriter {
        private final PrintWriter delegate;

        CommitAwareWriter(PrintWriter delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public void write(int c) {
            closeConnectionIfDraining();
            super.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            closeConnectionIfDraining();
            super.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            closeConnectionIfDraining();
            super.write(s, off, len);
        }

        @Override
        public void flush() {
            closeConnectionIfDraining();
            super.flush();
        }

        @Override
        public void close() {
            closeConnectionIfDraining();
            super.close();
        }

        @Override
        public boolean checkError() {
            return super.checkError() || delegate.checkError();
        }
    }
}
