package backproplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A run whose loss went NaN still writes valid JSON, and reads back the same numbers. */
@Tag("locale")
@Tag("parser")
class JsonNumbersTest {

    private final Gson gson = JsonNumbers.nonFinite(new GsonBuilder()).create();

    @Test
    void nonFiniteMetricsAreWrittenAsValidJsonAndReadBack() {
        List<EpochMetrics> history = List.of(new EpochMetrics(1, 0.41, 0.86, Double.NaN, 0.098,
                null, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5));
        String json = gson.toJson(history);
        // Strict JSON: a parser that knows no NaN accepts it.
        assertThat(JsonParser.parseString(json).getAsJsonArray().get(0).getAsJsonObject()
                .get("testLoss").getAsString()).isEqualTo("NaN");
        EpochMetrics back = gson.fromJson(json, EpochMetrics[].class)[0];
        assertThat(back).isEqualTo(history.get(0));
        assertThat(back.testLoss()).isNaN();
        assertThat(back.learningRate()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(back.holdoutAccuracy()).isNull();
        assertThat(back.trainLoss()).isEqualTo(0.41);
    }

    @Test
    void aStringThatIsNoNumberIsRefused() {
        assertThatThrownBy(() -> gson.fromJson("{\"testLoss\": \"fast\"}", EpochMetrics.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("not a number");
    }
}
