package backproplab.training;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * JSON has no NaN or infinity, yet a run that went wrong has such a loss, and its record must
 * say so rather than fail to be written. They are written as the strings "NaN", "Infinity" and
 * "-Infinity", which Java, JavaScript's {@code Number()} and Python's {@code float()} all read
 * back as the number; every file stays valid JSON.
 */
public final class JsonNumbers {

    private static final TypeAdapter<Double> DOUBLES = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else if (Double.isFinite(value)) {
                out.value(value);
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            JsonToken token = in.peek();
            if (token == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (token == JsonToken.STRING) {
                String s = in.nextString();
                if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
                    return Double.valueOf(s);
                }
                throw new IOException("not a number: \"" + s + "\" at " + in.getPath());
            }
            return in.nextDouble();
        }
    };

    private JsonNumbers() {}

    /** {@code builder}, writing and reading doubles that are not finite as above. */
    public static GsonBuilder nonFinite(GsonBuilder builder) {
        return builder.registerTypeAdapter(Double.class, DOUBLES)
                .registerTypeAdapter(double.class, DOUBLES);
    }
}
