package backproplab.lab.http;

import backproplab.training.JsonNumbers;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;

/** Javalin writes JSON through Gson (already the project's JSON library) instead of Jackson. */
public final class GsonMapper implements JsonMapper {

    // No HTML escaping: the page reads "η=1" and "a_o1(1 − a_o1)", not \u003d escapes.
    public static final Gson GSON = JsonNumbers.nonFinite(new GsonBuilder()).disableHtmlEscaping()
            .create();

    @Override
    public String toJsonString(Object obj, Type type) {
        return GSON.toJson(obj, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T fromJsonString(String json, Type targetType) {
        return (T) GSON.fromJson(json, targetType);
    }
}
