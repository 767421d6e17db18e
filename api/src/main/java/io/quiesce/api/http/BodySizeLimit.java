package io.quiesce.api.http;

import io.quiesce.api.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Chunked bodies are counted too: the read past the limit fails while the resource still reads, before it acts. */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    static final int MAX_BYTES = 64 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BYTES) {
                    request.abortWith(tooLarge());
                    return;
                }
            } catch (NumberFormatException e) {
                request.abortWith(
                        Problem.of("invalid-request", Response.Status.BAD_REQUEST, "Content-Length is not a number.")
                                .toResponse());
                return;
            }
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    static Response tooLarge() {
        return Problem.of(
                        "payload-too-large",
                        Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "The request body exceeds " + MAX_BYTES + " bytes.")
                .toResponse();
    }

    private static final class Bounded extends FilterInputStream {
        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > MAX_BYTES) {
                throw new WebApplicationException(tooLarge());
            }
        }
    }
}
