package io.quiesce.api.problem;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The web application's error page (web.xml): errors Liberty's web container answers before JAX-RS sees the request
 * (an encoded slash or dot in the path, an unparsable Content-Type, a path outside {@code /api}) become problem+json
 * too. It says only what the status says: the container's message names its classes and echoes the request.
 */
public class ErrorPage extends HttpServlet {

    private Jsonb json;

    @Override
    public void init() {
        json = JsonbBuilder.create();
    }

    @Override
    public void destroy() {
        try {
            json.close();
        } catch (Exception e) {
            // nothing held that outlives the application
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Problem problem = request.getDispatcherType() == DispatcherType.ERROR
                ? problemFor(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE))
                : Problem.ofStatus(Response.Status.NOT_FOUND, Response.Status.NOT_FOUND.getReasonPhrase());
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE + ";charset=UTF-8");
        response.getOutputStream().write(json.toJson(problem).getBytes(StandardCharsets.UTF_8));
    }

    static Problem problemFor(Object statusAttribute) {
        int code = statusAttribute instanceof Integer status ? status : 500;
        Response.StatusType status = Response.Status.fromStatusCode(code);
        if (status == null) {
            status = code >= 500 ? Response.Status.INTERNAL_SERVER_ERROR : Response.Status.BAD_REQUEST;
        }
        if (status.getStatusCode() == 400) {
            return Problem.of("invalid-request", status, "The request line or a header is malformed.");
        }
        return Problem.ofStatus(status, status.getReasonPhrase());
    }
}
