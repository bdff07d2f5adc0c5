package backproplab.lab.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's JSON body, read strictly, as every page's API takes it. */
public final class JsonBodies {

    private JsonBodies() {}

    /**
     * A JSON object whose values are strings or numbers: a page's fields, as text, for the page's
     * own rules to judge (and to say which fields it knows).
     */
    public static Map<String, String> fields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object(body).entrySet()) {
            if (!(e.getValue() instanceof JsonPrimitive p) || p.isBoolean()) {
                throw new InvalidFieldException(e.getKey(),
                        e.getKey() + ": expected a number or text, got " + e.getValue());
            }
            fields.put(e.getKey(), p.getAsString());
        }
        return fields;
    }

    /** A body that must be one JSON object, read strictly: anything else refused in one line. */
    public static JsonObject object(String body) {
        JsonElement json;
        try {
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setStrictness(Strictness.STRICT);
            json = GsonMapper.GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequestException("malformed JSON: more after the object");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new BadRequestException("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (json == null || !json.isJsonObject()) {
            throw new BadRequestException(
                    "expected a JSON object of fields, like {\"w1\": \"0.15\"}");
        }
        return json.getAsJsonObject();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
