package backproplab.lab.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty answers some requests before Javalin sees them (a path that is ambiguous once decoded,
 * such as {@code /%2e%2e/}); with this, those answers are one plain line too, not an HTML page.
 */
final class PlainErrors extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        return ByteBuffer.wrap(line(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code,
                                              String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().write(line(code, message));
    }

    private static String line(int status, String reason) {
        return "bad request (" + status + "): "
                + (reason == null ? "the request was refused"
                        : reason.lines().findFirst().orElse(""))
                + "\n";
    }
}
