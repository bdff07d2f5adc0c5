package backproplab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests to a lab server over real HTTP, and its JSON answers read with their status checked. */
final class LabHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LabHttp() {}

    /** {@code method} on {@code path}, with {@code body} of {@code type} when not null. */
    static HttpResponse<String> send(LabServer server, String method, String path, String body,
                                     String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** The one-line error of an answer of {@code status}. */
    static String error(HttpResponse<String> response, int status) {
        String error = json(response, status).get("error").getAsString();
        assertThat(error).doesNotContain("\n");
        return error;
    }
}
