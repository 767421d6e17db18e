package io.quiesce.testkit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deliberately minimal and without retries: library clients silently retry idempotent requests on a connection the
 * server closed, which would hide exactly the failures a drain test must count.
 */
public final class HttpConnection implements Closeable {

    private final String host;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean open = true;

    private HttpConnection(String host, Socket socket) throws IOException {
        this.host = host;
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static HttpConnection open(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new HttpConnection(host, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public HttpConnection withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The client side's port, by which a TCP load balancer's log names the connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public boolean isOpen() {
        return open && !socket.isClosed();
    }

    /**
     * Whether the server has closed this idle connection, checked as connection pools do before reusing one (a
     * read of at most 1 ms that consumes nothing). A request already sent is never re-sent: that would be a retry.
     */
    public boolean closedByServer() {
        if (!isOpen()) {
            return true;
        }
        try {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(1);
            try {
                in.mark(1);
                if (in.read() == -1) {
                    close();
                    return true;
                }
                in.reset();
                return false;
            } catch (SocketTimeoutException e) {
                return false;
            } finally {
                if (isOpen()) {
                    socket.setSoTimeout(timeout);
                }
            }
        } catch (IOException e) {
            close();
            return true;
        }
    }

    public HttpResponse get(String path) throws IOException {
        return send("GET", path, null, null);
    }

    public HttpResponse post(String path, String contentType, String body) throws IOException {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse send(String method, String path, String contentType, byte[] body) throws IOException {
        return send(method, path, Map.of(), contentType, body);
    }

    /** {@code requestHeaders} for this request only, after the connection's own. */
    public HttpResponse send(
            String method, String path, Map<String, String> requestHeaders, String contentType, byte[] body)
            throws IOException {
        if (!isOpen()) {
            throw new IOException("connection already closed");
        }
        try {
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(host)
                    .append(':')
                    .append(socket.getPort())
                    .append("\r\n")
                    .append("Accept: application/json, application/problem+json\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            requestHeaders.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Type: ")
                        .append(contentType)
                        .append("\r\n")
                        .append("Content-Length: ")
                        .append(body.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            HttpResponse response = read(method);
            if (response.closesConnection()) {
                close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private HttpResponse read(String method) throws IOException {
        ResponseHead head = ResponseHead.read(in);
        int status = head.status();
        Map<String, String> responseHeaders = head.headers();
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))) {
            body = chunked();
        } else if (responseHeaders.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(responseHeaders.get("content-length")));
        } else {
            body = in.readAllBytes();
            open = false;
        }
        return new HttpResponse(status, responseHeaders, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers are not used by the servers under test
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        return ResponseHead.line(in);
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
